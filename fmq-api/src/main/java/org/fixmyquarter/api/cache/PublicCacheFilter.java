package org.fixmyquarter.api.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.http.Representations;
import org.fixmyquarter.api.http.UntilCookies;
import org.fixmyquarter.api.persistence.ReadSession;
import org.fixmyquarter.api.persistence.ReplicaReads;
import org.fixmyquarter.api.security.Actors;

/**
 * Serves {@link PublicCached} reads from {@link PublicReadCache} when it holds the answer at the
 * current generation, and stores the others' answers; either way the answer carries an
 * {@code ETag} (a digest of the body, unless the resource gave one), {@code Cache-Control:
 * no-cache} (keep it, but ask again: the server answers {@code 304} while it is the same) and
 * {@code Vary}. It runs after authentication and the rate limits, so a cached answer is counted
 * like any other.
 */
@Provider
@PublicCached
@Priority(Priorities.USER + 500)
public class PublicCacheFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** Says, on an answer, whether it came from the cache ({@code hit}), was stored ({@code miss}) or neither. */
    public static final String HEADER = "X-Cache";

    private static final String KEY = PublicCacheFilter.class.getName() + ".key";
    private static final String GENERATION = PublicCacheFilter.class.getName() + ".generation";
    private static final String SERVED = PublicCacheFilter.class.getName() + ".served";
    private static final String VARY = "Accept, Accept-Language, Authorization";
    private static final String SHARED = "public, no-cache";
    private static final String PERSONAL = "private, no-cache";
    /** The headers of an answer that are stored with its body and served again. */
    private static final List<String> KEPT_WITH_CACHE_CONTROL = List.of(HttpHeaders.CONTENT_TYPE,
            HttpHeaders.CONTENT_LANGUAGE, HttpHeaders.ETAG, HttpHeaders.LINK, "Content-Disposition",
            HttpHeaders.CACHE_CONTROL);

    @Inject
    PublicReadCache cache;

    @Inject
    ReplicaReads replica;

    @Inject
    ReadSession session;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.GET.equals(request.getMethod()) || !shared(request.getSecurityContext())
                || UntilCookies.running(request, WriteInvalidation.FRESH_COOKIE)
                || replica.configured() && UntilCookies.running(request, ReadSession.COOKIE)) {
            return;
        }
        OptionalLong generation = cache.generation();
        if (generation.isEmpty()) {
            return;
        }
        String key = keyOf(request);
        Optional<PublicReadCache.Answer> stored = cache.get(key, generation.getAsLong());
        if (stored.isEmpty()) {
            request.setProperty(KEY, key);
            request.setProperty(GENERATION, generation.getAsLong());
            return;
        }
        PublicReadCache.Answer answer = stored.get();
        request.setProperty(SERVED, Boolean.TRUE);
        EntityTag tag = EntityTag.valueOf(answer.headers().get(HttpHeaders.ETAG));
        Response.ResponseBuilder unchanged = request.getRequest().evaluatePreconditions(tag);
        Response.ResponseBuilder served = unchanged != null ? unchanged.tag(tag)
                : Response.status(answer.status()).entity(answer.body());
        answer.headers().forEach((name, value) -> {
            if (unchanged == null || !HttpHeaders.CONTENT_TYPE.equals(name)) {
                served.header(name, value);
            }
        });
        if (!answer.headers().containsKey(HttpHeaders.CACHE_CONTROL)) {
            served.header(HttpHeaders.CACHE_CONTROL, SHARED);
        }
        request.abortWith(served.header(HttpHeaders.VARY, VARY).header(HEADER, "hit").build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(SERVED) != null || !HttpMethod.GET.equals(request.getMethod())
                || response.getStatus() != Response.Status.OK.getStatusCode()
                || !(response.getEntity() instanceof String body)) {
            return;
        }
        EntityTag tag = response.getEntityTag();
        if (tag == null) {
            tag = Representations.tagOf(body);
            response.getHeaders().putSingle(HttpHeaders.ETAG, tag);
        }
        Object key = request.getProperty(KEY);
        // A resource that says how long its answer may be kept (service levels: a minute) is left to say it.
        if (response.getHeaderString(HttpHeaders.CACHE_CONTROL) == null) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, key != null ? SHARED : PERSONAL);
        }
        response.getHeaders().putSingle(HttpHeaders.VARY, VARY);
        if (key != null) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : KEPT_WITH_CACHE_CONTROL) {
                String value = response.getHeaderString(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            // Read from a replica, the answer may lack a write the primary has: kept no longer than
            // the replica may lag, as the replica itself would be trusted.
            long expiresAt = replica.configured() && session.readFromReplicaOnly()
                    ? System.currentTimeMillis() + replica.maxLag().toMillis() : Long.MAX_VALUE;
            cache.put((String) key, new PublicReadCache.Answer((Long) request.getProperty(GENERATION),
                    response.getStatus(), body, Map.copyOf(headers), expiresAt));
            response.getHeaders().putSingle(HEADER, "miss");
        }
        if (request.getRequest().evaluatePreconditions(tag) != null) {
            // The client holds this very answer: 304, without the body.
            response.setStatus(Response.Status.NOT_MODIFIED.getStatusCode());
            response.setEntity(null);
        }
    }

    /** Whether the reader gets the visitor's answer: visitors always, citizens where the read says so, staff never. */
    private boolean shared(SecurityContext security) {
        if (security == null || security.getUserPrincipal() == null) {
            return true;
        }
        PublicCached cached = resource.getResourceMethod().getAnnotation(PublicCached.class);
        return cached != null && cached.citizens() && !Actors.isStaff(security);
    }

    /** The path and query as sent, and what the answer's format and language are chosen by. */
    private static String keyOf(ContainerRequestContext request) {
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        return request.getUriInfo().getRequestUri().getRawPath() + (query == null ? "" : "?" + query)
                + "\n" + headerOf(request, HttpHeaders.ACCEPT) + "\n" + headerOf(request, HttpHeaders.ACCEPT_LANGUAGE);
    }

    private static String headerOf(ContainerRequestContext request, String name) {
        String value = request.getHeaderString(name);
        return value == null ? "" : value;
    }
}
