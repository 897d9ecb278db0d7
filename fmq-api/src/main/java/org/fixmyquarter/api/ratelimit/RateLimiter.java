package org.fixmyquarter.api.ratelimit;

/**
 * Takes tokens from buckets named by key (a client address, a user).
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * @param key   the bucket, for example {@code ip:203.0.113.7}
     * @param limit its size and refill
     * @return whether the request may go ahead
     */
    Decision take(String key, RateLimit limit);

    /**
     * Checks that the store of the buckets answers; the default, in memory, always does.
     *
     * @throws RuntimeException when it does not
     */
    default void ping() {
    }

    /** Releases connections; the default holds none. */
    @Override
    default void close() {
    }
}
