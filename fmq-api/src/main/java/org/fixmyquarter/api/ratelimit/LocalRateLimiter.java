package org.fixmyquarter.api.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Buckets in this server's memory: exact and fast, but each server counts for itself. Use Redis
 * ({@link RedisRateLimiter}) so that several servers enforce one limit.
 */
public final class LocalRateLimiter implements RateLimiter {

    /** Beyond this many buckets, full ones are forgotten (they hold no information). */
    private static final int MAX_BUCKETS = 100_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier millis;

    /**
     * @param millis the clock, in milliseconds
     */
    public LocalRateLimiter(LongSupplier millis) {
        this.millis = millis;
    }

    @Override
    public Decision take(String key, RateLimit limit) {
        if (buckets.size() > MAX_BUCKETS) {
            long now = millis.getAsLong();
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(key + "|" + limit, k -> new Bucket(limit, millis.getAsLong()))
                .take(millis.getAsLong());
    }

    /** One token bucket. */
    private static final class Bucket {
        private final RateLimit limit;
        private double tokens;
        private long updated;

        Bucket(RateLimit limit, long now) {
            this.limit = limit;
            this.tokens = limit.capacity();
            this.updated = now;
        }

        synchronized Decision take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return new Decision(true, (long) tokens, 0);
            }
            long wait = (long) Math.ceil((1 - tokens) / limit.refillPerMilli());
            return new Decision(false, 0, Math.max(1, (wait + 999) / 1000));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= limit.capacity();
        }

        private void refill(long now) {
            if (now > updated) {
                tokens = Math.min(limit.capacity(), tokens + (now - updated) * limit.refillPerMilli());
                updated = now;
            }
        }
    }
}
