/**
 * Background delivery of committed events to notification channels, helpdesk connectors, jobs and
 * webhooks.
 */
package org.fixmyquarter.api.delivery;
