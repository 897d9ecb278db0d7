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

    /** Releases connections; the default holds none. */
    @Override
    default void close() {
    }
}
