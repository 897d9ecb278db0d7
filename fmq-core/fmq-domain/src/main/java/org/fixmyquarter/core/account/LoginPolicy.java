package org.fixmyquarter.core.account;

import java.time.Duration;
import java.util.Objects;

/**
 * How repeated failed sign-ins slow down the address they come from, for one account: the first
 * {@code maxFailures - 1} failures cost nothing; from the {@code maxFailures}th on, the next attempt
 * from that address is refused unchecked for a delay that doubles with each failure (5 s, 10 s,
 * 20 s...) up to {@code lockDuration}. Other addresses, the owner's among them, are not slowed.
 *
 * @param maxFailures  the failure from which delays start, at least 1
 * @param lockDuration the longest delay
 */
public record LoginPolicy(int maxFailures, Duration lockDuration) {

    /** The delay after the {@code maxFailures}th failure: long enough to stop a script, short for a person. */
    public static final Duration FIRST_DELAY = Duration.ofSeconds(5);

    /** Delays from the fifth failure, up to fifteen minutes. */
    public static final LoginPolicy DEFAULT = new LoginPolicy(5, Duration.ofMinutes(15));

    /**
     * Checks the values.
     */
    public LoginPolicy {
        Objects.requireNonNull(lockDuration, "lockDuration");
        if (maxFailures < 1 || lockDuration.isNegative() || lockDuration.isZero()) {
            throw new IllegalArgumentException("Invalid login policy: " + maxFailures + " failures, " + lockDuration);
        }
    }

    /**
     * @param failures failed sign-ins in a row from one address
     * @return how long that address waits before its next attempt is checked
     */
    public Duration delayAfter(int failures) {
        if (failures < maxFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - maxFailures, 30);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(lockDuration) > 0 ? lockDuration : delay;
    }
}
