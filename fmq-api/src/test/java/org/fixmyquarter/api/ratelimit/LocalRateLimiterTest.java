package org.fixmyquarter.api.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The in-memory token bucket: a burst up to the capacity, then one request per refill interval,
 * each key on its own; and the setting format.
 */
class LocalRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LocalRateLimiter limiter = new LocalRateLimiter(now::get);
    private final RateLimit threePerMinute = RateLimit.parse("3/PT1M");

    @Test
    void aBurstUpToTheCapacityThenRefusedWithTheWait() {
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.take("ip:a", threePerMinute).allowed(), "request " + (i + 1));
        }
        Decision refused = limiter.take("ip:a", threePerMinute);
        assertFalse(refused.allowed());
        assertEquals(20, refused.retryAfterSeconds(), "one token every 20 s");
    }

    @Test
    void tokensComeBackOverTime() {
        for (int i = 0; i < 3; i++) {
            limiter.take("ip:a", threePerMinute);
        }
        now.addAndGet(Duration.ofSeconds(20).toMillis());
        assertTrue(limiter.take("ip:a", threePerMinute).allowed());
        assertFalse(limiter.take("ip:a", threePerMinute).allowed());
        now.addAndGet(Duration.ofHours(1).toMillis());
        assertEquals(2, limiter.take("ip:a", threePerMinute).remaining(), "never more than the capacity");
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            limiter.take("ip:a", threePerMinute);
        }
        assertTrue(limiter.take("ip:b", threePerMinute).allowed());
        assertTrue(limiter.take("user:a", threePerMinute).allowed());
    }

    @Test
    void settingsAreReadOrRefusedWithTheirFormat() {
        RateLimit limit = RateLimit.parse(" 60 / PT1M ");
        assertEquals(60, limit.capacity());
        assertEquals(Duration.ofMinutes(1), limit.period());
        for (String bad : new String[] {"60", "60/minute", "0/PT1M", "-1/PT1M", "x/PT1M", "", "60/PT0S"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RateLimit.parse(bad), bad);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), bad);
        }
    }
}
