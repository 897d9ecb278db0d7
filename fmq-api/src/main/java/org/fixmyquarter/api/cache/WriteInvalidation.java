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

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (WRITES.contains(request.getMethod()) && response.getStatus() < 400) {
            cache.changed();
        }
    }
}
