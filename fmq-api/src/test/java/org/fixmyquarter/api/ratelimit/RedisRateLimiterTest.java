package org.fixmyquarter.api.ratelimit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis token bucket against a real Redis (127.0.0.1:6379, or -Dfmq.test.redis=redis://...):
 * two limiters, standing for two servers, share one bucket.
 */
class RedisRateLimiterTest {

    private static final String URI = System.getProperty("fmq.test.redis", "redis://127.0.0.1:6379");

    private static RedisRateLimiter serverA;
    private static RedisRateLimiter serverB;

    @BeforeAll
    static void connect() {
        try {
            serverA = new RedisRateLimiter(URI);
            serverB = new RedisRateLimiter(URI);
        } catch (RuntimeException e) {
            fail("These tests need a Redis server at " + URI + " (start one with 'redis-server --port 6379', or "
                    + "point -Dfmq.test.redis at one): " + e.getMessage(), e);
        }
    }

    @AfterAll
    static void disconnect() {
        if (serverA != null) {
            serverA.close();
        }
        if (serverB != null) {
            serverB.close();
        }
    }

    @Test
    void twoServersDrawFromOneBucket() {
        String key = "test:" + UUID.randomUUID();
        RateLimit fivePerHour = RateLimit.parse("5/PT1H");
        int allowed = 0;
        for (int i = 0; i < 6; i++) {
            RedisRateLimiter server = i % 2 == 0 ? serverA : serverB;
            if (server.take(key, fivePerHour).allowed()) {
                allowed++;
            }
        }
        assertTrue(allowed == 5, "allowed " + allowed);
        Decision refused = serverA.take(key, fivePerHour);
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfterSeconds() >= 700 && refused.retryAfterSeconds() <= 720,
                "one token every 12 minutes: " + refused.retryAfterSeconds());
    }

    @Test
    void tokensComeBack() throws InterruptedException {
        String key = "test:" + UUID.randomUUID();
        RateLimit twoPerSecond = RateLimit.parse("2/PT1S");
        assertTrue(serverA.take(key, twoPerSecond).allowed());
        assertTrue(serverB.take(key, twoPerSecond).allowed());
        assertFalse(serverA.take(key, twoPerSecond).allowed());
        Thread.sleep(600);
        assertTrue(serverB.take(key, twoPerSecond).allowed(), "half a second brings one token back");
    }

    @Test
    void withNothingListeningATakeFailsAtOnceAndTheNextOneConnects() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        RedisRateLimiter limiter = new RedisRateLimiter("redis://127.0.0.1:" + port, false);
        try {
            long began = System.nanoTime();
            assertThrows(RuntimeException.class, () -> limiter.take("test:" + UUID.randomUUID(),
                    RateLimit.parse("5/PT1H")));
            long millis = (System.nanoTime() - began) / 1_000_000;
            assertTrue(millis < 1_000, "refused within " + millis + " ms, not after a timeout");
        } finally {
            limiter.close();
        }
    }

    /**
     * A private Redis (the machine's {@code redis-server} on a port of this test's own, 9856) that
     * the test kills and starts again: the shared one on 6379 stays up for the other tests.
     */
    @Test
    void afterRedisWasKilledAndStartedAgainTheLimiterConnectsAgain() throws Exception {
        int port = 9856;
        RedisRateLimiter limiter = new RedisRateLimiter("redis://127.0.0.1:" + port, false);
        Process redis = startRedis(port);
        try {
            RateLimit many = RateLimit.parse("1000/PT1M");
            assertTrue(limiter.take("test:a", many).allowed());

            redis.destroyForcibly().waitFor();
            assertThrows(RuntimeException.class, () -> limiter.take("test:a", many));

            redis = startRedis(port);
            assertTrue(limiter.take("test:a", many).allowed(), "connected again at the first take");
            limiter.ping();
        } finally {
            limiter.close();
            redis.destroyForcibly().waitFor();
        }
    }

    private static Process startRedis(int port) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("this test runs a Redis of its own: it needs redis-server on the PATH (Debian "
                    + "package redis-server, which also gives the Redis the other tests use): " + e, e);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return process;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("redis-server did not listen on " + port + " within 10 s");
    }
}
