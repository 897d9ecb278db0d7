package org.fixmyquarter.api.health;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.fixmyquarter.api.persistence.ReplicaReads;
import org.fixmyquarter.api.plugin.PluginRuntime;
import org.fixmyquarter.api.ratelimit.FallbackRateLimiter;
import org.fixmyquarter.api.ratelimit.RateLimits;
import org.fixmyquarter.core.plugin.PluginInfo;
import org.fixmyquarter.core.plugin.PluginKind;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.plugin.PluginState;

/**
 * The optional dependencies: Redis (shared rate limits), the database's read replica, the
 * notification channels (RabbitMQ, SMTP), the helpdesk connectors and the media store. Always {@code UP}: without any of them the
 * server still serves reads and takes reports, so a load balancer must keep it in rotation (only
 * the database check takes it out). While one is down the check says {@code degraded} and names
 * it, since when and why, and what the server does meanwhile.
 *
 * <p>Redis is asked directly (a {@code PING}), the replica by its position against the primary's
 * ({@link ReplicaReads#trouble}: down, or further behind than allowed); a plugin counts as down from its first failed
 * delivery, upload or pull until one works again ({@link PluginRegistry#failingSince}), since a
 * plugin has no way to be asked. Readiness is polled often, so the result is kept
 * {@link #CACHE_FOR}.
 */
@Readiness
@ApplicationScoped
public class DependenciesReadinessCheck implements HealthCheck {

    /** How long one look at the dependencies is reused: readiness is polled every few seconds. */
    static final Duration CACHE_FOR = Duration.ofSeconds(3);

    /** The plugins that stand for a service outside the server. */
    private static final Set<PluginKind> WATCHED = Set.of(PluginKind.NOTIFICATION_CHANNEL,
            PluginKind.HELPDESK_CONNECTOR, PluginKind.MEDIA_STORE);

    @Inject
    private RateLimits rateLimits;

    @Inject
    private PluginRuntime plugins;

    @Inject
    private ReplicaReads replica;

    private volatile Snapshot last;

    /** One look at the dependencies. */
    private record Snapshot(HealthCheckResponse response, long takenAt) {
    }

    @Override
    public HealthCheckResponse call() {
        Snapshot cached = last;
        long now = System.nanoTime();
        if (cached != null && now - cached.takenAt() < CACHE_FOR.toNanos()) {
            return cached.response();
        }
        HealthCheckResponse response = look();
        last = new Snapshot(response, now);
        return response;
    }

    private HealthCheckResponse look() {
        List<String> watched = new ArrayList<>();
        Map<String, String> down = new LinkedHashMap<>();
        if (rateLimits.usesRedis()) {
            watched.add("redis");
            Optional<FallbackRateLimiter.Outage> outage = rateLimits.redisOutage();
            outage.ifPresent(o -> down.put("redis", describe(o.since(), o.reason(),
                    "rate limits are counted in each server's memory meanwhile")));
        }
        if (replica.configured()) {
            watched.add("database-replica");
            replica.trouble().ifPresent(why -> down.put("database-replica", why));
        }
        PluginRegistry registry = plugins.registry();
        boolean mediaStore = false;
        for (PluginInfo plugin : registry.plugins()) {
            if (plugin.state() != PluginState.ACTIVE || !WATCHED.contains(plugin.kind())) {
                continue;
            }
            String name = plugin.kind().wireName() + "/" + plugin.id();
            watched.add(name);
            mediaStore |= plugin.kind() == PluginKind.MEDIA_STORE;
            Optional<Instant> since = registry.failingSince(plugin.kind(), plugin.id());
            if (since.isPresent()) {
                down.put(name, describe(since.get(), plugin.lastError(), plugin.kind() == PluginKind.MEDIA_STORE
                        ? "photo uploads and photos it serves answer 503 meanwhile"
                        : "its deliveries wait in the outbox and are retried"));
            }
        }
        if (!mediaStore) {
            down.put("media-store", "no media store is active: photo uploads answer 503 (see GET /api/v1/admin/plugins)");
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named("dependencies").up()
                .withData("status", down.isEmpty() ? "ok" : "degraded")
                .withData("watching", String.join(", ", watched));
        if (!down.isEmpty()) {
            response.withData("down", String.join(", ", down.keySet()));
            down.forEach(response::withData);
        }
        return response.build();
    }

    private static String describe(Instant since, String reason, String meanwhile) {
        return "down since " + since.truncatedTo(ChronoUnit.SECONDS) + ": " + reason + "; " + meanwhile;
    }
}
