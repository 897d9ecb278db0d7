/**
 * Delivery of committed events to plugins: one {@link org.fixmyquarter.core.delivery.Delivery}
 * row per event and plugin, retried with growing pauses, and the helpdesk cases connectors opened.
 */
package org.fixmyquarter.core.delivery;
