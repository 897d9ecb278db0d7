package org.fixmyquarter.api.metrics;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Times every API request, from before matching (so that refusals of the rate limit and of
 * authentication count) to its response, labelled with its method, route template and status.
 */
@Provider
@PreMatching
@Priority(Priorities.USER - 1000)
public class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = HttpMetricsFilter.class.getName() + ".started";

    @Context
    private ResourceInfo resource;

    @Inject
    private ServerMetrics metrics;

    @Inject
    private OutboxGauges gauges;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        if (!(started instanceof Long)) {
            return;
        }
        String route = RouteTemplates.of(resource.getResourceClass(), resource.getResourceMethod());
        metrics.request(request.getMethod(), route, response.getStatus(),
                Duration.ofNanos(System.nanoTime() - (Long) started));
        gauges.ensureRegistered();
    }
}
