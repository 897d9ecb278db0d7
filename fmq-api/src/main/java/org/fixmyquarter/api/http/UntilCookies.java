package org.fixmyquarter.api.http;

import java.time.Duration;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

/**
 * Cookies that a write leaves for a while and whose value is the instant they run out (epoch
 * milliseconds): the writer's next reads, on whichever server answers, then avoid what may not
 * have their write yet (the read replica, the cache of public reads). The value is checked rather
 * than trusted to the browser's expiry, so a kept or replayed cookie stops counting on time.
 */
public final class UntilCookies {

    private UntilCookies() {
    }

    /**
     * Adds the cookie to an answer.
     *
     * @param response the answer to a write
     * @param name     the cookie's name
     * @param lifetime how long it counts
     */
    public static void leave(ContainerResponseContext response, String name, Duration lifetime) {
        long millis = lifetime.toMillis();
        response.getHeaders().add(HttpHeaders.SET_COOKIE, new NewCookie.Builder(name)
                .value(Long.toString(System.currentTimeMillis() + millis)).path("/")
                .maxAge((int) Math.max(1, (millis + 999) / 1000)).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build());
    }

    /**
     * @param request a request
     * @param name    the cookie's name
     * @return whether the request carries the cookie and it has not run out; a value that is not
     *         an instant counts as no cookie
     */
    public static boolean running(ContainerRequestContext request, String name) {
        Cookie cookie = request.getCookies().get(name);
        if (cookie == null) {
            return false;
        }
        try {
            return Long.parseLong(cookie.getValue()) > System.currentTimeMillis();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
