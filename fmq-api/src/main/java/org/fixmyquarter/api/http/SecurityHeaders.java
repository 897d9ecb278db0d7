package org.fixmyquarter.api.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Transport headers on every response of the application, set before anything else runs so that
 * error answers (a 400 of {@link RequestGuard}, a 401, a 500 page) carry them too:
 * {@code X-Content-Type-Options: nosniff} always, {@code Strict-Transport-Security} on HTTPS
 * (a browser ignores it over HTTP, and sending it there would pin nothing), and
 * {@code Cache-Control: no-store} on account answers ({@code /api/v1/auth/*},
 * {@code /api/v1/admin/users*}), which hold tokens and personal data that no shared or browser
 * cache may keep.
 */
public class SecurityHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** One year, subdomains included: the value the HSTS preload lists ask for. */
    static final String HSTS = "max-age=31536000; includeSubDomains";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", HSTS);
        }
        if (isAccountPath(request.getRequestURI(), request.getContextPath())) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }

    /**
     * @param uri         the request's path, as sent
     * @param contextPath the application's context path
     * @return whether it is an account endpoint, whose answers no cache may keep
     */
    static boolean isAccountPath(String uri, String contextPath) {
        if (uri == null) {
            return false;
        }
        String path = contextPath != null && uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
        return path.startsWith("/api/v1/auth/") || path.equals("/api/v1/auth")
                || path.startsWith("/api/v1/admin/users");
    }
}
