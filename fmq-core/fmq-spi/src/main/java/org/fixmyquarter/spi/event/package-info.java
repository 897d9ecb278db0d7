/**
 * The immutable events and values that notification channels and helpdesk connectors receive.
 * Comment, vote and moderation events join them, as new {@link org.fixmyquarter.spi.event.ReportEvent}
 * types in a minor SPI version, when those features arrive.
 */
package org.fixmyquarter.spi.event;
