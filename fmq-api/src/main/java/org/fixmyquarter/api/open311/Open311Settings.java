package org.fixmyquarter.api.open311;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

/**
 * The settings of the Open311 server (docs/open311.md, "Settings"), read through MicroProfile
 * Config like every other setting.
 *
 * @param basePath       where the endpoints are served, {@code fmq.open311.base-path}, by default
 *                       {@code /open311/v2}
 * @param jurisdictionId the only {@code jurisdiction_id} accepted, {@code fmq.open311.jurisdiction-id};
 *                       empty to accept any (one jurisdiction per server)
 * @param contact        discovery's {@code contact}, {@code fmq.open311.contact}
 * @param keyService     discovery's {@code key_service}, {@code fmq.open311.key-service}
 */
public record Open311Settings(String basePath, Optional<String> jurisdictionId, String contact, String keyService) {

    /** The default base path, as most GeoReport servers have it. */
    public static final String DEFAULT_BASE_PATH = "/open311/v2";

    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    /**
     * @param config the deployment's configuration
     * @return the settings
     * @throws IllegalArgumentException naming {@code fmq.open311.base-path} if it is not a path
     *                                  such as {@code /open311/v2}, or lies under {@code /api/}
     */
    public static Open311Settings from(Config config) {
        return from(name -> config.getOptionalValue(name, String.class));
    }

    /**
     * @param settings the value of each setting by name, empty when unset
     * @return the settings
     * @throws IllegalArgumentException as {@link #from(Config)}
     */
    public static Open311Settings from(Function<String, Optional<String>> settings) {
        String basePath = settings.apply("fmq.open311.base-path")
                .map(String::strip).orElse(DEFAULT_BASE_PATH);
        if (basePath.endsWith("/") && basePath.length() > 1) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        if (!PATH.matcher(basePath).matches() || basePath.equals("/api") || basePath.startsWith("/api/")) {
            throw new IllegalArgumentException("fmq.open311.base-path (FMQ_OPEN311_BASE_PATH) must be a path such as "
                    + DEFAULT_BASE_PATH + ": segments of letters, digits, '.', '_', '~' and '-', outside /api/ (got '"
                    + basePath + "')");
        }
        Optional<String> jurisdiction = settings.apply("fmq.open311.jurisdiction-id")
                .map(String::strip).filter(s -> !s.isEmpty());
        String contact = settings.apply("fmq.open311.contact").map(String::strip).orElse("");
        String keyService = settings.apply("fmq.open311.key-service").map(String::strip)
                .orElse("Ask the administrators of this server for an API key (POST /api/v1/admin/api-keys).");
        return new Open311Settings(basePath, jurisdiction, contact, keyService);
    }
}
