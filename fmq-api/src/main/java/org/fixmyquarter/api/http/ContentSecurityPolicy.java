package org.fixmyquarter.api.http;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Content-Security-Policy values the server sends: a strict one for API answers, which are
 * data and never a document to render, and the web page's, which allows its own scripts, styles,
 * workers and manifest and no inline script, plus images from the map's tile server and the
 * media store's public address.
 */
public final class ContentSecurityPolicy {

    /** For everything under {@code /api/}: nothing may load, nobody may frame it. */
    public static final String API = "default-src 'none'; frame-ancestors 'none'";

    /** A scheme, host and optional port, the host possibly starting with {@code *.}: all a CSP source needs. */
    private static final Pattern SOURCE = Pattern.compile("https?://(\\*\\.)?[A-Za-z0-9.-]+(:\\d{1,5})?");

    private ContentSecurityPolicy() {
    }

    /**
     * @param imageOrigins other origins the page shows images from (tiles, photos), in order;
     *                     duplicates and {@code 'self'} are dropped
     * @return the page's policy
     * @throws IllegalArgumentException for an origin that is not {@code http(s)://host[:port]},
     *                                  which would otherwise open or break the policy
     */
    public static String forPages(List<String> imageOrigins) {
        Set<String> images = new LinkedHashSet<>(List.of("'self'", "data:", "blob:"));
        for (String origin : imageOrigins) {
            if (!SOURCE.matcher(origin).matches()) {
                throw new IllegalArgumentException("not an origin for a Content-Security-Policy: '" + origin + "'");
            }
            images.add(origin);
        }
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + String.join(" ", images)
                + "; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none';"
                + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /**
     * @param url an absolute address
     * @return its scheme, host and port ({@code https://cdn.example.org}), or empty when it is
     *         not an http(s) address with a host
     */
    public static Optional<String> origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            return Optional.empty();
        }
        return Optional.of(scheme + "://" + url.getHost().toLowerCase(Locale.ROOT)
                + (url.getPort() < 0 ? "" : ":" + url.getPort()));
    }
}
