package org.fixmyquarter.api.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * Rate limits while the shared store (Redis) is down: this server's own buckets count, the store
 * is tried again only after a pause, and the outage is dated by its first failure.
 */
class FallbackRateLimiterTest {

    private static final RateLimit TWO_PER_HOUR = RateLimit.parse("2/PT1H");

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Shared shared = new Shared();
    private final FallbackRateLimiter limiter = new FallbackRateLimiter(shared, new LocalRateLimiter(clock::get),
            "Redis at redis://test", clock::get, 2_000);

    @Test
    void whileTheSharedStoreIsDownThisServerCountsAlone() {
        shared.down = true;

        assertTrue(limiter.take("ip:a", TWO_PER_HOUR).allowed());
        assertTrue(limiter.take("ip:a", TWO_PER_HOUR).allowed());
        assertFalse(limiter.take("ip:a", TWO_PER_HOUR).allowed(), "the local bucket still limits");

        FallbackRateLimiter.Outage outage = limiter.outage().orElseThrow();
        assertEquals(Instant.ofEpochMilli(1_000_000), outage.since());
        assertEquals("Connection refused", outage.reason());
    }

    @Test
    void theSharedStoreIsTriedAgainOnlyAfterThePause() {
        shared.down = true;
        limiter.take("ip:a", TWO_PER_HOUR);
        int calls = shared.calls.get();

        clock.addAndGet(1_999);
        limiter.take("ip:b", TWO_PER_HOUR);
        limiter.ping();
        assertEquals(calls, shared.calls.get(), "no request waits on a store that just failed");

        clock.addAndGet(1);
        limiter.take("ip:b", TWO_PER_HOUR);
        assertEquals(calls + 1, shared.calls.get());
        assertEquals(Instant.ofEpochMilli(1_000_000), limiter.outage().orElseThrow().since(),
                "a further failure does not move the start of the outage");
    }

    @Test
    void whenTheSharedStoreAnswersAgainItCountsAgain() {
        shared.down = true;
        limiter.take("ip:a", TWO_PER_HOUR);
        shared.down = false;
        clock.addAndGet(2_000);

        limiter.ping();

        assertTrue(limiter.outage().isEmpty());
        int calls = shared.calls.get();
        limiter.take("ip:a", TWO_PER_HOUR);
        assertEquals(calls + 1, shared.calls.get());
    }

    /** A shared store that fails with Lettuce's kind of message while {@code down}. */
    private static final class Shared implements RateLimiter {
        volatile boolean down;
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Decision take(String key, RateLimit limit) {
            ping();
            return new Decision(true, 99, 0);
        }

        @Override
        public void ping() {
            calls.incrementAndGet();
            if (down) {
                throw new IllegalStateException("Connection refused");
            }
        }
    }
}
