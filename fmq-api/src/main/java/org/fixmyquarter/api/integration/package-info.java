/**
 * The administrator's integrations: webhooks ({@code /api/v1/admin/webhooks}) and the deliveries
 * console with replay ({@code /api/v1/admin/deliveries}).
 */
package org.fixmyquarter.api.integration;
