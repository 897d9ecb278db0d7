package org.fixmyquarter.api.cache;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.http.UntilCookies;

/**
 * Drops the cached public reads after every write the API accepted: by the time a response filter
 * runs, the resource's transaction has committed, so the next read, here or on any server sharing
 * the generation, goes to the database and sees the write. A refused write (4xx, 5xx) changed
 * nothing. The writes made without a request (a helpdesk's status pulled back, a photo rendered)
 * all leave an event in the outbox, and the dispatcher drops the cache when it hands events out.
 */
@Provider
@Priority(Priorities.USER)
public class WriteInvalidation implements ContainerResponseFilter {

    private static final Set<String> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    @Inject
    PublicReadCache cache;

    /**
     * Left by a write when servers do not share their writes (no Redis): until the time it holds
     * (epoch milliseconds), the writer's reads skip the cache, so that another server behind the
     * same load balancer, which did not hear of the write, cannot answer them from before it.
     */
    public static final String FRESH_COOKIE = "fmq_fresh_until";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (WRITES.contains(request.getMethod()) && response.getStatus() < 400) {
            cache.changed();
            if (!cache.sharesWrites() && !personal(request)) {
                UntilCookies.leave(response, FRESH_COOKIE, cache.lifetime());
            }
        }
    }

    /**
     * Writes about the signed-in person's own account (signing in, a second factor, their
     * following, the roles an administrator grants): they change no public read, and their
     * answers must keep {@code Cache-Control: no-store} alone, which the container extends when
     * a cookie is set.
     */
    private static boolean personal(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.startsWith("auth/") || relative.startsWith("me/") || relative.startsWith("admin/users");
    }
}
