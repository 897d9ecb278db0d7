package org.fixmyquarter.api.persistence;

import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.http.UntilCookies;

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
        if (UntilCookies.running(request, ReadSession.COOKIE)) {
            session.requirePrimary();
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!replica.configured()) {
            return;
        }
        if (!READS.contains(request.getMethod()) && response.getStatus() < 400) {
            UntilCookies.leave(response, ReadSession.COOKIE, replica.maxLag());
        }
        String servedBy = session.servedBy();
        if (servedBy != null) {
            response.getHeaders().putSingle(ReadSession.HEADER, servedBy);
        }
    }
}
