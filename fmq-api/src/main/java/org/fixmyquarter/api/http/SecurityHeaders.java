package org.fixmyquarter.api.http;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.fixmyquarter.api.site.PagePolicy;

/**
 * Transport headers on every response of the application, set before anything else runs so that
 * error answers (a 400 of {@link RequestGuard}, a 401, a 500 page) carry them too:
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: strict-origin-when-cross-origin}
 * (a tile server such as OpenStreetMap's asks for the page's origin, never its path) and
 * {@code X-Frame-Options: DENY} always, {@code Strict-Transport-Security} on HTTPS
 * (a browser ignores it over HTTP, and sending it there would pin nothing), and
 * {@code Cache-Control: no-store} on account answers ({@code /api/v1/auth/*},
 * {@code /api/v1/admin/users*}), which hold tokens and personal data that no shared or browser
 * cache may keep.
 *
 * <p>A {@code Content-Security-Policy}: under {@code /api/} the strict {@link ContentSecurityPolicy#API}
 * (an answer is data, never a document); elsewhere, the web page's files, the page's own policy
 * (built once from the settings, see {@code SiteConfiguration}) with a {@code Permissions-Policy}
 * that lets the page ask for the position and the camera, never the microphone. The page's files
 * are revalidated at each use ({@code Cache-Control: no-cache}, with the container's
 * {@code ETag}/{@code Last-Modified}) so that a new release shows at once, except the versioned
 * libraries under {@code /webjars/}, whose address changes with their content: cached for a year.
 * Swagger UI ({@code /openapi/ui}) is served by the server's own application, not this one.
 */
public class SecurityHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** What the page may use of the device: the position and the camera for a report, no microphone. */
    static final String PERMISSIONS = "geolocation=(self), camera=(self), microphone=()";

    /** The versioned libraries' files: their address names their version. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @Inject
    @PagePolicy
    private transient String pagePolicy;

    /** One year, subdomains included: the value the HSTS preload lists ask for. */
    static final String HSTS = "max-age=31536000; includeSubDomains";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        response.setHeader("X-Frame-Options", "DENY");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", HSTS);
        }
        String path = path(originalUri(request), request.getContextPath());
        if (isAccountPath(request.getRequestURI(), request.getContextPath())) {
            response.setHeader("Cache-Control", "no-store");
        }
        if (isApiPath(path)) {
            response.setHeader("Content-Security-Policy", ContentSecurityPolicy.API);
        } else {
            response.setHeader("Content-Security-Policy", pagePolicy);
            response.setHeader("Permissions-Policy", PERMISSIONS);
            if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
                response.setHeader("Cache-Control", path.startsWith("/webjars/") ? IMMUTABLE : "no-cache");
            }
        }
        chain.doFilter(request, response);
    }

    /** The address the client asked for, also when the error page answers it. */
    private static String originalUri(HttpServletRequest request) {
        Object original = request.getDispatcherType() == DispatcherType.ERROR
                ? request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) : null;
        return original != null ? original.toString() : request.getRequestURI();
    }

    /**
     * @param path the path within the application
     * @return whether it is an API answer rather than a file of the web page
     */
    static boolean isApiPath(String path) {
        return path.startsWith("/api/") || path.equals("/api");
    }

    private static String path(String uri, String contextPath) {
        if (uri == null) {
            return "";
        }
        return contextPath != null && uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
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
        String path = path(uri, contextPath);
        return path.startsWith("/api/v1/auth/") || path.equals("/api/v1/auth")
                || path.startsWith("/api/v1/admin/users");
    }
}
