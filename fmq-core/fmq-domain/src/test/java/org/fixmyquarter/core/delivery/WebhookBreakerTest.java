package org.fixmyquarter.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A webhook's circuit breaker when several calls to it are in flight at once.
 */
class WebhookBreakerTest {

    private static final Instant NOW = Instant.parse("2026-12-07T17:00:00Z");
    private static final Duration COOL_DOWN = Duration.ofSeconds(30);

    @Test
    void aSuccessOfACallMadeBeforeTheBreakerOpenedDoesNotCloseIt() {
        Webhook webhook = new Webhook("w1", "https://receiver.example.org/hook", List.of(), null, "whsec_x", NOW);
        for (int i = 0; i < 3; i++) {
            webhook.callFailed(3, COOL_DOWN, NOW);
        }
        assertEquals(Webhook.OPEN, webhook.getBreakerState());

        // A call let through while it was closed answers 2xx only now.
        webhook.callSucceeded();

        assertEquals(Webhook.OPEN, webhook.getBreakerState(), "the breaker waits for its probe");
        assertEquals(NOW.plus(COOL_DOWN), webhook.getBreakerUntil());
        assertEquals(3, webhook.getConsecutiveFailures());

        // The probe after the cool-down is what closes it.
        assertNull(webhook.admit(NOW.plus(COOL_DOWN), Duration.ofSeconds(15)));
        assertEquals(Webhook.HALF_OPEN, webhook.getBreakerState());
        webhook.callSucceeded();
        assertEquals(Webhook.CLOSED, webhook.getBreakerState());
        assertEquals(0, webhook.getConsecutiveFailures());
    }

    @Test
    void aSuccessWhileClosedForgetsTheFailuresBeforeIt() {
        Webhook webhook = new Webhook("w1", "https://receiver.example.org/hook", List.of(), null, "whsec_x", NOW);
        webhook.callFailed(3, COOL_DOWN, NOW);
        webhook.callFailed(3, COOL_DOWN, NOW);
        webhook.callSucceeded();
        assertEquals(Webhook.CLOSED, webhook.getBreakerState());
        assertEquals(0, webhook.getConsecutiveFailures());
    }
}
