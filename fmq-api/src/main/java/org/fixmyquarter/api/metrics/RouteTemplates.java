package org.fixmyquarter.api.metrics;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;

import org.fixmyquarter.api.FixMyQuarterApplication;

/**
 * The route template of a resource method, such as {@code /api/v1/reports/{id}}, from its
 * {@code @Path} annotations: a label with one value per endpoint, where the raw path would make
 * one series per report.
 */
public final class RouteTemplates {

    /** The label of a request no resource method matched (an unknown path, a wrong method). */
    public static final String UNMATCHED = "unmatched";

    private static final String ROOT = FixMyQuarterApplication.class.getAnnotation(ApplicationPath.class).value();

    private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

    private RouteTemplates() {
    }

    /**
     * @param resourceClass the matched resource class, or {@code null}
     * @param method        the matched resource method, or {@code null}
     * @return its template under the application's root, or {@link #UNMATCHED}
     */
    public static String of(Class<?> resourceClass, Method method) {
        if (resourceClass == null || method == null) {
            return UNMATCHED;
        }
        return TEMPLATES.computeIfAbsent(method, m -> join(ROOT, path(resourceClass), path(m)));
    }

    private static String path(Class<?> type) {
        // A CDI proxy's class carries no annotations of its own.
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Path path = c.getAnnotation(Path.class);
            if (path != null) {
                return path.value();
            }
        }
        return "";
    }

    private static String path(Method method) {
        Path path = method.getAnnotation(Path.class);
        return path == null ? "" : path.value();
    }

    static String join(String... parts) {
        StringBuilder route = new StringBuilder();
        for (String part : parts) {
            String trimmed = part.replaceAll("^/+|/+$", "");
            if (!trimmed.isEmpty()) {
                route.append('/').append(trimmed);
            }
        }
        // A template variable with a regular expression ({id: [a-z]+}) is labelled by its name.
        String template = route.toString().replaceAll("\\{\\s*([^:}\\s]+)\\s*:[^}]*}", "{$1}");
        return template.isEmpty() ? "/" : template;
    }
}
