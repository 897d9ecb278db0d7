package org.fixmyquarter.api.ratelimit;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.metrics.ServerMetrics;
import org.fixmyquarter.api.problem.ProblemException;

/**
 * Counts every API request against the client address's bucket, the signed-in user's, and, for
 * sign-in, registration and the account mails (confirmation, password reset), a stricter one per
 * address; answers 429 with {@code Retry-After} when one is empty.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class RateLimitFilter implements ContainerRequestFilter {

    @Inject
    private RateLimits limits;

    @Inject
    private ServerMetrics metrics;

    @Context
    private HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("open311/") || path.startsWith("/open311/")) {
            // The Open311 resource counts its requests itself, per address and per API key, so
            // that a refusal reads as GeoReport's error document, which its clients understand.
            return;
        }
        boolean signIn = "POST".equals(request.getMethod())
                && (path.endsWith("auth/login") || path.endsWith("auth/register")
                || path.endsWith("auth/token-exchange") || path.contains("auth/verify-email")
                || path.contains("auth/password-reset"));
        Principal principal = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        String address = limits.clientAddress(http.getRemoteAddr(), request.getHeaderString("X-Forwarded-For"));
        Decision decision = limits.check(address, principal == null ? null : principal.getName(), signIn);
        if (!decision.allowed()) {
            metrics.rateLimited("api");
            long seconds = decision.retryAfterSeconds();
            throw new ProblemException(429, "rate-limited", "Too many requests",
                    "Too many requests; try again in " + seconds + " seconds.",
                    Map.of("Retry-After", Long.toString(seconds)), "problem.rate-limited.detail", List.of(seconds));
        }
    }
}
