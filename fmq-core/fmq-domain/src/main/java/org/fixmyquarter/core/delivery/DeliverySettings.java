package org.fixmyquarter.core.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the dispatcher tries.
 *
 * @param maxAttempts attempts before a delivery is dead, at least 1
 * @param timeout     how long one call of a plugin may take
 * @param firstRetry  the pause after the first failure; it doubles after each further failure
 * @param maxRetry    the longest pause between two attempts
 * @param batchSize   events handed out per round, at least 1
 */
public record DeliverySettings(int maxAttempts, Duration timeout, Duration firstRetry, Duration maxRetry,
                               int batchSize) {

    /** 10 attempts over about two hours, 10 s per call, 100 events per round. */
    public static final DeliverySettings DEFAULTS = new DeliverySettings(10, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofHours(1), 100);

    /**
     * Checks the values.
     */
    public DeliverySettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(firstRetry, "firstRetry");
        Objects.requireNonNull(maxRetry, "maxRetry");
        if (maxAttempts < 1 || batchSize < 1 || timeout.isNegative() || timeout.isZero()
                || firstRetry.isNegative() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("Invalid delivery settings: " + maxAttempts + " attempts, timeout "
                    + timeout + ", first retry " + firstRetry + ", max retry " + maxRetry + ", batch " + batchSize);
        }
    }
}
