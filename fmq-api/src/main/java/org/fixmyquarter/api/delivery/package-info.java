/**
 * Background delivery of committed events to notification channels and helpdesk connectors.
 */
package org.fixmyquarter.api.delivery;
