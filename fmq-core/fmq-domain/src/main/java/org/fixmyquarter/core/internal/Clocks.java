package org.fixmyquarter.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one rule for "now" in stored rows.
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
}
