/**
 * Delivery of committed events to plugins, background jobs and webhooks: one
 * {@link org.fixmyquarter.core.delivery.Delivery} row per event and target, retried with growing
 * pauses; the helpdesk cases connectors opened; the webhooks administrators register
 * ({@link org.fixmyquarter.core.delivery.Webhooks}), and the deliveries console with replay
 * ({@link org.fixmyquarter.core.delivery.Deliveries}).
 */
package org.fixmyquarter.core.delivery;
