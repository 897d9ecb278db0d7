package org.fixmyquarter.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Test support: a clock that stands still until the test moves it.
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /**
     * @param start the instant the clock shows until it is moved
     */
    public MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /**
     * @param duration how far to move the clock forward (or back, if negative)
     */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    /**
     * @param instant the instant the clock shows from now on
     */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }
}
