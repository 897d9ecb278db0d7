package org.fixmyquarter.api.persistence;

import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.ext.Provider;

/**
 * Read your writes with a read replica ({@link ReplicaReads}): a request that wrote (any method
 * but GET, HEAD and OPTIONS, answered below 400) gets the cookie {@link ReadSession#COOKIE} for
 * {@code fmq.db.replica.max-lag}; a request that brings it back reads from the primary. Every
 * answer that read through {@link ReplicaReads} says where in {@link ReadSession#HEADER}. Does
 * nothing when no replica is configured.
 */
@Provider
public class ReadYourWritesFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    private ReplicaReads replica;

    @Inject
    private ReadSession session;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!replica.configured()) {
            return;
        }
        Cookie cookie = request.getCookies().get(ReadSession.COOKIE);
        if (cookie != null) {
            try {
                if (Long.parseLong(cookie.getValue()) > System.currentTimeMillis()) {
                    session.requirePrimary();
                }
            } catch (NumberFormatException ignored) {
                // Not ours: as if absent.
            }
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!replica.configured()) {
            return;
        }
        if (!READS.contains(request.getMethod()) && response.getStatus() < 400) {
            long lag = replica.maxLag().toMillis();
            response.getHeaders().add(HttpHeaders.SET_COOKIE, new NewCookie.Builder(ReadSession.COOKIE)
                    .value(Long.toString(System.currentTimeMillis() + lag)).path("/")
                    .maxAge((int) Math.max(1, (lag + 999) / 1000)).httpOnly(true)
                    .sameSite(NewCookie.SameSite.LAX).build());
        }
        String servedBy = session.servedBy();
        if (servedBy != null) {
            response.getHeaders().putSingle(ReadSession.HEADER, servedBy);
        }
    }
}
