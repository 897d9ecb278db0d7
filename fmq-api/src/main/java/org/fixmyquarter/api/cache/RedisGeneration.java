package org.fixmyquarter.api.cache;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The number kept in Redis, shared by every server that uses it: a write on one server makes the
 * answers every other server cached unreachable at their next read, with no message between
 * them. Each cached read costs one {@code GET}, each write one {@code INCR}.
 *
 * <p>While Redis does not answer, the number is unknown and the cache is not used (reads go to the
 * database); Redis is tried again by one request every two seconds. A raise that failed is made
 * again before the number is next read, so a write during an outage still hides the answers
 * cached before it once Redis is back (on the server that wrote; the others bound the rest with the
 * entries' time to live).
 */
final class RedisGeneration implements Generation {

    private static final Logger LOG = Logger.getLogger(RedisGeneration.class.getName());
    static final String KEY = "fmq:cache:generation";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long RETRY_MILLIS = 2_000;

    private final RedisClient client;
    private final String name;
    private final LongSupplier millis;
    private final AtomicBoolean raiseOwed = new AtomicBoolean();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long retryAt;

    /**
     * @param uri  for example {@code redis://127.0.0.1:6379}
     * @param name how logs name it (the address without a password)
     */
    RedisGeneration(String uri, String name) {
        this(uri, name, System::currentTimeMillis);
    }

    RedisGeneration(String uri, String name, LongSupplier millis) {
        RedisURI redis = RedisURI.create(uri);
        redis.setTimeout(TIMEOUT);
        this.client = RedisClient.create(redis);
        // Fail at once while Redis is down rather than queue the command behind a reconnection.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .build());
        this.name = name;
        this.millis = millis;
    }

    @Override
    public OptionalLong current() {
        if (millis.getAsLong() < retryAt) {
            return OptionalLong.empty();
        }
        try {
            RedisCommands<String, String> redis = commands();
            if (raiseOwed.getAndSet(false)) {
                redis.incr(KEY);
            }
            String value = redis.get(KEY);
            succeeded();
            return OptionalLong.of(value == null ? 0 : Long.parseLong(value));
        } catch (RuntimeException e) {
            failed(e);
            return OptionalLong.empty();
        }
    }

    @Override
    public void raise() {
        try {
            commands().incr(KEY);
            succeeded();
        } catch (RuntimeException e) {
            raiseOwed.set(true);
            failed(e);
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
        client.shutdown();
    }

    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> open = connection;
        if (open == null || !open.isOpen()) {
            synchronized (this) {
                open = connection;
                if (open == null || !open.isOpen()) {
                    open = client.connect();
                    connection = open;
                }
            }
        }
        return open.sync();
    }

    private void succeeded() {
        if (retryAt != 0) {
            retryAt = 0;
            LOG.info(() -> "The public read cache uses " + name + " again");
        }
    }

    private void failed(RuntimeException e) {
        // A connection that timed out may look open and lead nowhere: the next try connects anew.
        synchronized (this) {
            StatefulRedisConnection<String, String> broken = connection;
            connection = null;
            if (broken != null) {
                broken.closeAsync();
            }
        }
        boolean first = retryAt == 0;
        retryAt = millis.getAsLong() + RETRY_MILLIS;
        if (first) {
            LOG.log(Level.WARNING, "The public read cache cannot reach " + name + " (" + e.getMessage()
                    + "); public reads go to the database until it answers again");
        }
    }
}
