/**
 * The immutable events and values that notification channels and helpdesk connectors receive:
 * a report created, its status changed (SPI 1.0), a comment or official reply added (SPI 1.1).
 * New {@link org.fixmyquarter.spi.event.ReportEvent} types arrive in minor SPI versions; a plugin
 * ignores the ones it does not know.
 */
package org.fixmyquarter.spi.event;
