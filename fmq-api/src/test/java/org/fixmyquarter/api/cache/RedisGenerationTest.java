package org.fixmyquarter.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ServerSocket;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The generation shared through a real Redis (127.0.0.1:6379, or -Dfmq.test.redis=redis://...):
 * a raise on one server is seen by the other at its next read; while Redis cannot be reached the
 * generation is unknown (the cache is not used), and a raise made meanwhile is made once Redis
 * answers again.
 */
class RedisGenerationTest {

    private static final String URI = System.getProperty("fmq.test.redis", "redis://127.0.0.1:6379");

    private static OptionalLong read(RedisGeneration generation) {
        OptionalLong value = generation.current();
        if (value.isEmpty()) {
            fail("These tests need a Redis server at " + URI + " (start one with 'redis-server --port 6379', or "
                    + "point -Dfmq.test.redis at one)");
        }
        return value;
    }

    @Test
    void aRaiseOnOneServerIsSeenByTheOther() {
        RedisGeneration serverA = new RedisGeneration(URI, "Redis");
        RedisGeneration serverB = new RedisGeneration(URI, "Redis");
        try {
            long before = read(serverB).getAsLong();
            serverA.raise();
            assertTrue(read(serverB).getAsLong() > before, "B sees A's write at its next read");
        } finally {
            serverA.close();
            serverB.close();
        }
    }

    @Test
    void unreachableRedisMeansNoCacheAndIsRetriedLater() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AtomicLong now = new AtomicLong(1_000_000);
        RedisGeneration cut = new RedisGeneration("redis://127.0.0.1:" + closedPort, "Redis", now::get);
        try {
            cut.raise();
            assertEquals(OptionalLong.empty(), cut.current(), "unknown while Redis does not answer");
            now.addAndGet(1_000);
            assertEquals(OptionalLong.empty(), cut.current(), "not tried again within 2 s");
        } finally {
            cut.close();
        }
    }
}
