package org.fixmyquarter.api.ratelimit;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A token bucket: up to {@code capacity} requests at once, refilled evenly over {@code period}.
 * Written in settings as {@code <capacity>/<ISO-8601 period>}, for example {@code 60/PT1M}.
 *
 * @param capacity the burst, and the number of requests per period
 * @param period   how long an empty bucket takes to refill
 */
public record RateLimit(long capacity, Duration period) {

    /**
     * Checks the values.
     */
    public RateLimit {
        if (capacity < 1 || period == null || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("A rate limit needs a capacity of at least 1 and a positive period");
        }
    }

    /**
     * @param setting for example {@code 60/PT1M}
     * @return the limit
     * @throws IllegalArgumentException saying what is wrong with the setting
     */
    public static RateLimit parse(String setting) {
        String[] parts = setting == null ? new String[0] : setting.trim().split("/");
        try {
            if (parts.length == 2) {
                return new RateLimit(Long.parseLong(parts[0].trim()), Duration.parse(parts[1].trim()));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // Reported below, with the setting.
        }
        throw new IllegalArgumentException("'" + setting + "' is not a rate limit; write <requests>/<ISO-8601 period>, "
                + "for example 60/PT1M");
    }

    /** @return tokens added per millisecond */
    double refillPerMilli() {
        return (double) capacity / period.toMillis();
    }

    @Override
    public String toString() {
        return capacity + "/" + period;
    }
}
