package org.fixmyquarter.spi.event;

import java.time.Instant;

/**
 * Something that happened to a report, delivered to notification channels and helpdesk
 * connectors after the change committed.
 *
 * <p>Delivery is at least once: the same event may arrive twice (after a crash, or a retry whose
 * first attempt did succeed), always with the same {@link #eventId()}, so a receiver can drop
 * duplicates. New kinds of event may be added in a minor SPI version; ignore the ones you do not
 * know.
 */
public interface ReportEvent {

    /**
     * @return the event's id, stable across retries
     */
    String eventId();

    /**
     * @return what happened, for example {@link ReportCreated#TYPE}
     */
    String type();

    /**
     * @return when the change was made
     */
    Instant occurredAt();

    /**
     * @return the report as it was right after the change
     */
    ReportSnapshot report();
}
