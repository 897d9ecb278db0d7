package org.fixmyquarter.core.delivery;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatcher treats webhooks, beside {@link DeliverySettings}' attempts and pauses.
 *
 * @param breakerFailures failed calls in a row that open a webhook's circuit breaker, at least 1
 * @param breakerCoolDown how long an open breaker holds calls back before one probe
 * @param secretGrace     how long the previous secret still signs after a rotation
 * @param client          makes the calls; its connect timeout should not exceed the delivery timeout
 */
public record WebhookSettings(int breakerFailures, Duration breakerCoolDown, Duration secretGrace, HttpClient client) {

    /** 5 failures open the breaker for a minute; a rotated secret signs for 24 hours more. */
    public static final int DEFAULT_BREAKER_FAILURES = 5;

    /**
     * Checks the values.
     */
    public WebhookSettings {
        Objects.requireNonNull(breakerCoolDown, "breakerCoolDown");
        Objects.requireNonNull(secretGrace, "secretGrace");
        Objects.requireNonNull(client, "client");
        if (breakerFailures < 1 || breakerCoolDown.isNegative() || secretGrace.isNegative()) {
            throw new IllegalArgumentException("Invalid webhook settings: " + breakerFailures + " failures, cool-down "
                    + breakerCoolDown + ", grace " + secretGrace);
        }
    }

    /**
     * @param connectTimeout the longest wait for a connection
     * @return the defaults, with a client that waits at most {@code connectTimeout} to connect
     */
    public static WebhookSettings defaults(Duration connectTimeout) {
        return new WebhookSettings(DEFAULT_BREAKER_FAILURES, Duration.ofMinutes(1), Duration.ofHours(24),
                client(connectTimeout));
    }

    /**
     * @param connectTimeout the longest wait for a connection
     * @return a client that follows no redirects: a receiver moving is its administrator's news
     */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }
}
