package org.fixmyquarter.api.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the JVM still has memory to work with. A database outage does not make the server
 * dead: restarting it would not help, so that is left to readiness.
 */
@Liveness
@ApplicationScoped
public class ApplicationLivenessCheck implements HealthCheck {

    /** Above this share of the maximum heap in use after work, the process is considered stuck. */
    private static final double MAX_HEAP_SHARE = 0.95;

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        long max = runtime.maxMemory();
        return HealthCheckResponse.named("heap")
                .status(used < max * MAX_HEAP_SHARE)
                .withData("usedBytes", used)
                .withData("maxBytes", max)
                .build();
    }
}
