package org.fixmyquarter.api.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.fixmyquarter.core.delivery.Delivery;

/**
 * The application's counters and timers, in the application registry: Prometheus names them
 * {@code fmq_..._total} and {@code fmq_..._seconds_...} with {@code mp_scope="application"}.
 * Label values come from fixed sets or from the deployment's configuration (routes, delivery
 * targets), never from a request's raw content, so the number of series stays bounded.
 */
@ApplicationScoped
public class ServerMetrics {

    /** The requests' timer; its histogram buckets are set in META-INF/microprofile-config.properties. */
    public static final String HTTP_REQUESTS = "fmq.http.requests";

    /** Where reports come from, and the rate limits: the API's own and Open311's. */
    private static final List<String> CHANNELS = List.of("api", "open311");

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private static final Metadata REQUESTS = Metadata.builder().withName(HTTP_REQUESTS)
            .withDescription("API requests by method, route template and status, from their arrival to their answer")
            .withUnit(MetricUnits.SECONDS).build();
    private static final Metadata REPORTS = Metadata.builder().withName("fmq.reports.created")
            .withDescription("Reports created, by the channel they came through (api, open311)").build();
    private static final Metadata DELIVERIES = Metadata.builder().withName("fmq.deliveries")
            .withDescription("Delivery attempts of this server by target and outcome: delivered, retry (left pending"
                    + " after a failure), dead (given up), skipped, deferred (waited without an attempt)").build();
    private static final Metadata REFUSALS = Metadata.builder().withName("fmq.ratelimit.refusals")
            .withDescription("Requests refused with 429 by a rate limit, by limit (api, open311)").build();

    private static final Metadata READS = Metadata.builder().withName("fmq.db.reads")
            .withDescription("Reads that may go to the read replica, by where they were served (replica, primary);"
                    + " counted only when a replica is configured").build();

    @Inject
    private MetricRegistry registry;

    /** The counters of fixed labels exist from the start at 0, so that a rate sees their first increase. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        for (String channel : CHANNELS) {
            registry.counter(REPORTS, new Tag("channel", channel));
            registry.counter(REFUSALS, new Tag("limit", channel));
        }
    }

    /**
     * @param method   the HTTP method
     * @param route    the route template ({@link RouteTemplates})
     * @param status   the response's status code
     * @param duration from the request's arrival to its response
     */
    public void request(String method, String route, int status, Duration duration) {
        registry.timer(REQUESTS, new Tag("method", METHODS.contains(method) ? method : "other"),
                new Tag("route", route), new Tag("status", Integer.toString(status))).update(duration);
    }

    /** @param channel what the report came through: {@code api} or {@code open311} */
    public void reportCreated(String channel) {
        registry.counter(REPORTS, new Tag("channel", channel)).inc();
    }

    /** @param source where a read that may go to the replica was served: {@code replica} or {@code primary} */
    public void read(String source) {
        registry.counter(READS, new Tag("source", source)).inc();
    }

    /** @param limit the limit that refused: {@code api} or {@code open311} */
    public void rateLimited(String limit) {
        registry.counter(REFUSALS, new Tag("limit", limit)).inc();
    }

    /** @param delivery a delivery as the dispatcher left it after its turn, committed */
    public void delivery(Delivery delivery) {
        registry.counter(DELIVERIES, new Tag("target", delivery.getConsumer()),
                new Tag("outcome", outcome(delivery))).inc();
    }

    static String outcome(Delivery delivery) {
        String state = delivery.getState();
        if (Delivery.PENDING.equals(state)) {
            return delivery.getLastError() == null ? "deferred" : "retry";
        }
        return state;
    }
}
