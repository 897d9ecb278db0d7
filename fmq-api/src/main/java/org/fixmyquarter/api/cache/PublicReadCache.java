package org.fixmyquarter.api.cache;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers to public reads, kept in this server's memory (Caffeine) under the {@link Generation}
 * they were stored at. Every write raises the generation once it has committed, which makes every
 * stored answer unreachable: a list shows a new vote at the next read, on every server that shares
 * the generation through Redis ({@code fmq.cache.redis}). Coarse, and so simple to keep right:
 * the cache pays where reads outnumber writes, as a city's map and lists do.
 *
 * <p>An answer is stored under the generation read <em>before</em> the database was, so an answer
 * built while a write committed is stored under the old number and never served after the raise.
 */
@ApplicationScoped
public class PublicReadCache {

    private static final Logger LOG = Logger.getLogger(PublicReadCache.class.getName());

    /**
     * A stored answer.
     *
     * @param generation the generation it was stored at
     * @param status     its status
     * @param body       its body
     * @param headers    the headers it is served with (type, ETag, Link...)
     * @param expiresAt  when it may no longer be served (epoch milliseconds): sooner than the
     *                   cache's lifetime for an answer read from a lagging replica
     */
    public record Answer(long generation, int status, String body, Map<String, String> headers, long expiresAt) {

        /** An answer kept until the cache's own lifetime ends it. */
        public Answer(long generation, int status, String body, Map<String, String> headers) {
            this(generation, status, body, headers, Long.MAX_VALUE);
        }
    }

    @Inject
    @ConfigProperty(name = "fmq.cache.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "fmq.cache.max-bytes", defaultValue = "33554432")
    long maxBytes;

    @Inject
    @ConfigProperty(name = "fmq.cache.ttl", defaultValue = "PT30S")
    String ttl;

    @Inject
    @ConfigProperty(name = "fmq.cache.redis")
    Optional<String> redis;

    @Inject
    @ConfigProperty(name = "fmq.ratelimit.redis")
    Optional<String> rateLimitRedis;

    private Cache<String, Answer> answers;
    private Generation generation;
    private Duration lifetime;

    @PostConstruct
    void start() {
        lifetime = Duration.parse(ttl);
        // Two bytes a character: what a String of Latin text costs at most in the heap.
        answers = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Answer answer) -> 2 * (key.length() + answer.body().length()) + 200)
                .expireAfterWrite(lifetime)
                .build();
        String uri = redis.or(() -> rateLimitRedis).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (uri == null) {
            generation = new LocalGeneration();
        } else {
            String name = "Redis at " + org.fixmyquarter.api.ratelimit.RateLimits.redactedUri(uri);
            generation = new RedisGeneration(uri, name);
            LOG.info(() -> "Public reads are cached in this server, dropped on every write of any server sharing "
                    + name);
        }
        if (!enabled) {
            LOG.info("The public read cache is off (fmq.cache.enabled=false)");
        }
    }

    @PreDestroy
    void stop() {
        if (generation != null) {
            generation.close();
        }
    }

    /**
     * @return whether other servers hear of this server's writes (through Redis); without it, a
     *         writer's own reads skip the cache for {@code fmq.cache.ttl} (see {@link WriteInvalidation})
     */
    public boolean sharesWrites() {
        return !(generation instanceof LocalGeneration);
    }

    /** @return how long an answer is kept at most */
    public Duration lifetime() {
        return lifetime;
    }

    /** @return the current generation, or empty when the cache is off or cannot be used now */
    public OptionalLong generation() {
        return enabled ? generation.current() : OptionalLong.empty();
    }

    /**
     * @param key        the request's key
     * @param generation the current generation
     * @return the answer stored for the key at this generation
     */
    public Optional<Answer> get(String key, long generation) {
        Answer answer = answers.getIfPresent(key);
        return answer != null && answer.generation() == generation && answer.expiresAt() > System.currentTimeMillis()
                ? Optional.of(answer) : Optional.empty();
    }

    /**
     * @param key    the request's key
     * @param answer what to serve for it, at the generation read before the database was
     */
    public void put(String key, Answer answer) {
        answers.put(key, answer);
    }

    /** Makes every stored answer unreachable: call once a write has committed. */
    public void changed() {
        if (enabled) {
            generation.raise();
        }
    }
}
