package org.fixmyquarter.api.ratelimit;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Buckets in Redis, shared by every server that uses the same Redis: one limit however many
 * servers answer. Each take is one atomic Lua script; the time comes from Redis itself, so the
 * servers' clocks do not matter. Idle buckets expire.
 *
 * <p>While Redis is down a take fails at once rather than waiting: the client neither queues
 * commands nor reconnects in the background (Lettuce's defaults, which held every request for the
 * command timeout, and reconnected only after a back-off of up to 30 s). The next take after a
 * failure connects again itself; {@link FallbackRateLimiter} decides when to try.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** Keys: the bucket. Arguments: capacity, refill per millisecond. Returns {allowed, remaining, wait ms}. */
    private static final String SCRIPT = String.join("\n",
            "local capacity = tonumber(ARGV[1])",
            "local rate = tonumber(ARGV[2])",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
            "local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')",
            "local tokens = tonumber(state[1]) or capacity",
            "local updated = tonumber(state[2]) or now",
            "if now > updated then tokens = math.min(capacity, tokens + (now - updated) * rate) end",
            "local allowed = 0",
            "local wait = 0",
            "if tokens >= 1 then tokens = tokens - 1; allowed = 1 else wait = math.ceil((1 - tokens) / rate) end",
            "redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))",
            "redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)",
            "return {allowed, math.floor(tokens), wait}");

    private static final String PREFIX = "fmq:ratelimit:";

    /** The limit of connecting and of each command: a rate limit must not slow a request down for long. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile String digest;

    /**
     * Connects at once, so a wrong address is reported at start.
     *
     * @param uri for example {@code redis://127.0.0.1:6379}
     * @throws RuntimeException (Lettuce's) when Redis cannot be reached now
     */
    public RedisRateLimiter(String uri) {
        this(uri, true);
    }

    /**
     * @param uri     for example {@code redis://127.0.0.1:6379}
     * @param connect whether to connect at once; otherwise the first take or ping does
     */
    RedisRateLimiter(String uri, boolean connect) {
        RedisURI redis = RedisURI.create(uri);
        redis.setTimeout(TIMEOUT);
        this.client = RedisClient.create(redis);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .build());
        if (connect) {
            commands();
        }
    }

    @Override
    public Decision take(String key, RateLimit limit) {
        RedisCommands<String, String> redis = commands();
        String[] keys = {PREFIX + key + "|" + limit};
        String[] args = {Long.toString(limit.capacity()), Double.toString(limit.refillPerMilli())};
        List<Long> result;
        try {
            try {
                result = redis.evalsha(digest, ScriptOutputType.MULTI, keys, args);
            } catch (io.lettuce.core.RedisNoScriptException e) {
                // Redis restarted and forgot the script.
                result = redis.eval(SCRIPT, ScriptOutputType.MULTI, keys, args);
            }
        } catch (RuntimeException e) {
            dropConnection();
            throw e;
        }
        boolean allowed = result.get(0) == 1L;
        long waitMillis = result.get(2);
        return new Decision(allowed, result.get(1), allowed ? 0 : Math.max(1, (waitMillis + 999) / 1000));
    }

    /** Asks Redis for a {@code PONG}, connecting first if needed. */
    @Override
    public void ping() {
        RedisCommands<String, String> redis = commands();
        try {
            redis.ping();
        } catch (RuntimeException e) {
            dropConnection();
            throw e;
        }
    }

    /**
     * Forgets the connection after a failure, so that the next try connects anew rather than
     * trusting a connection that may look open but leads nowhere (a timeout, a half-closed socket).
     */
    private synchronized void dropConnection() {
        StatefulRedisConnection<String, String> broken = connection;
        connection = null;
        if (broken != null) {
            broken.closeAsync();
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

    /** The open connection's commands, after connecting again if it broke. */
    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> open = connection;
        if (open != null && open.isOpen()) {
            return open.sync();
        }
        synchronized (this) {
            open = connection;
            if (open == null || !open.isOpen()) {
                if (open != null) {
                    open.closeAsync();
                    connection = null;
                }
                StatefulRedisConnection<String, String> created = client.connect();
                try {
                    digest = created.sync().scriptLoad(SCRIPT);
                } catch (RuntimeException e) {
                    created.closeAsync();
                    throw e;
                }
                connection = created;
                open = created;
            }
            return open.sync();
        }
    }
}
