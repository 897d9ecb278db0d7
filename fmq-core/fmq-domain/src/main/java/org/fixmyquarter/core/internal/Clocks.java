package org.fixmyquarter.core.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The one rule for "now" in stored rows, and for reading a time back from a native query.
 */
public final class Clocks {

    private Clocks() {
    }

    /**
     * The databases keep microseconds: truncated so, an instant written equals the one read back.
     *
     * @param clock the source of time
     * @return its current instant, to the microsecond
     */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Drivers return a time zone column of a native query as they like: H2 an
     * {@code OffsetDateTime}, PostgreSQL a {@code Timestamp}.
     *
     * @param value a column's value, or {@code null}
     * @return the instant it holds, or {@code null}
     * @throws IllegalStateException if the value is not a time
     */
    public static Instant instantOf(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime) {
            return ((OffsetDateTime) value).toInstant();
        }
        if (value instanceof Timestamp) {
            return ((Timestamp) value).toInstant();
        }
        if (value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof java.util.Date) {
            return ((java.util.Date) value).toInstant();
        }
        throw new IllegalStateException("not a time: " + value.getClass().getName());
    }
}
