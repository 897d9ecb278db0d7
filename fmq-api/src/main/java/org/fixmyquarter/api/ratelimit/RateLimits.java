package org.fixmyquarter.api.ratelimit;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The deployment's rate limits and the store of their buckets: this server's memory, or Redis
 * when {@code fmq.ratelimit.redis} is set, so that all servers share one limit. While Redis cannot
 * be reached, each server counts in its own memory ({@link FallbackRateLimiter}) and readiness
 * says so; should even that fail, requests are let through and the failure logged: a broken
 * limiter must not take the API down with it.
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class.getName());

    @Inject
    @ConfigProperty(name = "fmq.ratelimit.enabled", defaultValue = "true")
    private boolean enabled;

    @Inject
    @ConfigProperty(name = "fmq.ratelimit.per-ip", defaultValue = "300/PT1M")
    private String perIp;

    @Inject
    @ConfigProperty(name = "fmq.ratelimit.per-user", defaultValue = "600/PT1M")
    private String perUser;

    @Inject
    @ConfigProperty(name = "fmq.ratelimit.sign-in", defaultValue = "10/PT1M")
    private String signIn;

    @Inject
    @ConfigProperty(name = "fmq.ratelimit.per-api-key", defaultValue = "120/PT1M")
    private String perApiKey;

    @Inject
    @ConfigProperty(name = "fmq.ratelimit.redis")
    private Optional<String> redis;

    @Inject
    @ConfigProperty(name = "fmq.ratelimit.trusted-proxies", defaultValue = " ")
    private String trustedProxies;

    /** How long after a failure of Redis it is tried again; meanwhile requests use local buckets. */
    private static final long REDIS_RETRY_MILLIS = 2_000;

    private RateLimiter limiter;
    private FallbackRateLimiter shared;
    private RateLimit ipLimit;
    private RateLimit userLimit;
    private RateLimit signInLimit;
    private RateLimit apiKeyLimit;
    private Set<String> proxies;
    private volatile long lastFailureLog;

    @PostConstruct
    void start() {
        ipLimit = RateLimit.parse(perIp);
        userLimit = RateLimit.parse(perUser);
        signInLimit = RateLimit.parse(signIn);
        apiKeyLimit = RateLimit.parse(perApiKey);
        proxies = Stream.of(trustedProxies.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        String uri = redis.map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        LocalRateLimiter local = new LocalRateLimiter(System::currentTimeMillis);
        if (uri == null) {
            limiter = local;
            LOG.info(() -> "Rate limits in this server's memory: " + ipLimit + " per address, " + userLimit
                    + " per user, " + signInLimit + " sign-ins per address");
        } else {
            // Serving with per-server limits beats refusing every request: while Redis is down,
            // or not up yet at start, each server counts for itself, and Redis is tried again.
            RedisRateLimiter redisLimiter;
            try {
                redisLimiter = new RedisRateLimiter(uri, false);
            } catch (RuntimeException e) {
                limiter = local;
                LOG.log(Level.SEVERE, "fmq.ratelimit.redis is not a Redis address (" + e.getMessage()
                        + "); rate limits are counted in this server's memory");
                return;
            }
            shared = new FallbackRateLimiter(redisLimiter, local, "Redis at " + redactedUri(uri),
                    System::currentTimeMillis, REDIS_RETRY_MILLIS);
            limiter = shared;
            shared.ping();
            if (shared.outage().isEmpty()) {
                LOG.info(() -> "Rate limits shared through Redis at " + redactedUri(uri));
            }
        }
    }

    @PreDestroy
    void stop() {
        if (limiter != null) {
            limiter.close();
        }
    }

    /**
     * Asks Redis whether it answers (unless it failed within the last two seconds) and says
     * whether it is down; for readiness, which is polled and so sees an outage begin and end
     * without traffic.
     *
     * @return Redis's outage; empty while it answers or when the limits are not shared
     */
    public Optional<FallbackRateLimiter.Outage> redisOutage() {
        if (shared == null || !enabled) {
            return Optional.empty();
        }
        shared.ping();
        return shared.outage();
    }

    /** @return whether the limits are shared through Redis ({@code fmq.ratelimit.redis}) */
    public boolean usesRedis() {
        return shared != null && enabled;
    }

    /**
     * @param uri a Redis address
     * @return the address without a password, for logs
     */
    public static String redactedUri(String uri) {
        return uri.replaceFirst("//[^@/]*@", "//***@");
    }

    /**
     * Takes one token from every bucket the request counts against.
     *
     * @param address the client's address
     * @param user    the signed-in user's id, or {@code null}
     * @param signIn  whether this is a sign-in or registration attempt
     * @return the first refusal, or an allowed decision
     */
    public Decision check(String address, String user, boolean signIn) {
        if (!enabled) {
            return new Decision(true, Long.MAX_VALUE, 0);
        }
        try {
            List<Decision> decisions = new java.util.ArrayList<>();
            decisions.add(limiter.take("ip:" + address, ipLimit));
            if (user != null) {
                decisions.add(limiter.take("user:" + user, userLimit));
            }
            if (signIn) {
                decisions.add(limiter.take("sign-in:" + address, signInLimit));
            }
            return decisions.stream().filter(d -> !d.allowed()).findFirst().orElse(decisions.get(0));
        } catch (RuntimeException e) {
            long now = System.currentTimeMillis();
            if (now - lastFailureLog > 60_000) {
                lastFailureLog = now;
                LOG.log(Level.WARNING, "The rate limiter failed; requests pass unlimited until it works again", e);
            }
            return new Decision(true, 0, 0);
        }
    }

    /**
     * Takes one token from the bucket of an API key (Open311's {@code api_key}), on top of the
     * client address's, so that one app cannot flood the server from many addresses.
     *
     * @param address the client's address
     * @param keyHash the SHA-256 of the key the request carries, so that no key is kept in memory
     *                or in Redis
     * @return the first refusal, or an allowed decision
     */
    public Decision checkApiKey(String address, String keyHash) {
        Decision byAddress = check(address, null, false);
        if (!enabled || !byAddress.allowed()) {
            return byAddress;
        }
        try {
            return limiter.take("api-key:" + keyHash, apiKeyLimit);
        } catch (RuntimeException e) {
            // As for the other buckets: a broken limiter lets requests through (check logs it).
            return byAddress;
        }
    }

    /**
     * The client's address: the connection's, or, when the connection comes from a trusted proxy
     * ({@code fmq.ratelimit.trusted-proxies}), the last address in {@code X-Forwarded-For} that is
     * not itself a trusted proxy.
     *
     * @param remote        the connection's address
     * @param forwardedFor  the {@code X-Forwarded-For} header, or {@code null}
     * @return the address to count against
     */
    public String clientAddress(String remote, String forwardedFor) {
        if (forwardedFor == null || !proxies.contains(remote)) {
            return remote;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !proxies.contains(hop)) {
                return hop.length() > 64 ? hop.substring(0, 64) : hop;
            }
        }
        return remote;
    }
}
