package org.fixmyquarter.plugins.connector.open311;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;

/**
 * The connector's settings ({@code fmq.plugin.open311.*}), read and checked once at {@code init},
 * so that a mistake shows in the plugin list at start, with the setting's name, rather than at the
 * first report.
 *
 * @param endpoint          the GeoReport v2 base address, without a trailing slash
 *                          ({@code https://city.example/open311/v2})
 * @param apiKey            the key the helpdesk gave this server
 * @param jurisdictionId    the {@code jurisdiction_id} to send, or {@code null} for an endpoint
 *                          that serves one jurisdiction
 * @param serviceCodes      category code to {@code service_code}
 * @param defaultServiceCode the {@code service_code} of a category not in the map, or
 *                          {@code null}: such a report is then refused (not retried)
 * @param connectTimeout    how long to wait for a connection
 * @param requestTimeout    how long to wait for a whole answer
 * @param requestUpdates    whether the endpoint has {@code servicerequestupdates.json}
 * @param checkBeforePost   whether to look for the report among the endpoint's recent requests
 *                          before posting it
 * @param ticketUrl         a link for staff with {@code {id}} for the request id, or {@code null}
 */
record Open311Settings(URI endpoint, String apiKey, String jurisdictionId, Map<String, String> serviceCodes,
                       String defaultServiceCode, Duration connectTimeout, Duration requestTimeout,
                       boolean requestUpdates, boolean checkBeforePost, String ticketUrl) {

    /** Below the dispatcher's own limit (fmq.delivery.timeout, 10 s), so the failure says what timed out. */
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(8);

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private static final String MAPPING_KEY_PREFIX = "service-code.";

    /**
     * Reads and checks the settings.
     *
     * @param config the plugin's settings
     * @return the settings
     * @throws PluginException naming the first setting that is missing or wrong; without
     *                         {@code endpoint}, saying the connector is not configured
     */
    static Open311Settings read(PluginConfig config) throws PluginException {
        String endpointText = config.get("endpoint").map(String::trim).orElseThrow(() -> new PluginException(
                "not configured: set " + config.nameOf("endpoint") + " (the helpdesk's Open311 GeoReport v2 address) "
                        + "and " + config.nameOf("api-key") + " to send new reports to it", false, null));
        while (endpointText.endsWith("/")) {
            endpointText = endpointText.substring(0, endpointText.length() - 1);
        }
        URI endpoint = config.httpUri("endpoint", endpointText);
        if (endpoint.getQuery() != null || endpoint.getFragment() != null) {
            throw invalid(config, "endpoint", "must not have a query or fragment (the api_key has a setting of its "
                    + "own): '" + endpointText + "'");
        }
        String apiKey = config.require("api-key").trim();
        String jurisdiction = config.get("jurisdiction-id").map(String::trim).orElse(null);
        Map<String, String> codes = new TreeMap<>();
        Optional<String> list = config.get("service-codes");
        if (list.isPresent()) {
            for (String pair : list.get().split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                if (equals <= 0 || equals == pair.length() - 1) {
                    throw invalid(config, "service-codes", "must be a list of category=service_code pairs separated "
                            + "by commas, such as 'pothole=PT01,streetlight-out=SL02', not '" + list.get() + "'");
                }
                codes.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        // One key per category suits a properties file; the list above suits an environment variable.
        for (String key : config.keys()) {
            if (key.startsWith(MAPPING_KEY_PREFIX) && key.length() > MAPPING_KEY_PREFIX.length()) {
                codes.put(key.substring(MAPPING_KEY_PREFIX.length()), config.get(key).orElseThrow().trim());
            }
        }
        String fallback = config.get("default-service-code").map(String::trim).orElse(null);
        if (codes.isEmpty() && fallback == null) {
            throw invalid(config, "service-codes", "or " + config.nameOf("default-service-code")
                    + " must be set: the helpdesk needs a service_code for every report");
        }
        Duration connect = positive(config, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        Duration request = positive(config, "request-timeout", DEFAULT_REQUEST_TIMEOUT);
        boolean updates = config.getBoolean("service-request-updates", false);
        boolean check = config.getBoolean("check-before-post", true);
        String ticketUrl = config.get("ticket-url").map(String::trim).orElse(null);
        if (ticketUrl != null) {
            config.httpUri("ticket-url", ticketUrl.replace("{id}", "0"));
        }
        return new Open311Settings(endpoint, apiKey, jurisdiction, Collections.unmodifiableMap(codes), fallback,
                connect, request, updates, check, ticketUrl);
    }

    /**
     * @param category a report's category code
     * @return its {@code service_code}, if the category is mapped or a default is set
     */
    Optional<String> serviceCode(String category) {
        return Optional.ofNullable(serviceCodes.getOrDefault(category, defaultServiceCode));
    }

    /**
     * @param path a resource of the endpoint, such as {@code requests.json}
     * @return its address, without query
     */
    URI resolve(String path) {
        return URI.create(endpoint + "/" + path);
    }

    /** Keeps the api key out of logs and messages. */
    @Override
    public String toString() {
        return "Open311Settings[endpoint=" + endpoint + ", jurisdiction_id=" + jurisdictionId + ", service codes="
                + serviceCodes + ", default=" + defaultServiceCode + ", request-timeout=" + requestTimeout
                + ", service-request-updates=" + requestUpdates + ", check-before-post=" + checkBeforePost + "]";
    }


    private static Duration positive(PluginConfig config, String key, Duration defaultValue) throws PluginException {
        Duration value = config.getDuration(key, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw invalid(config, key, "must be longer than zero, not " + value);
        }
        return value;
    }


    private static PluginException invalid(PluginConfig config, String key, String problem) {
        return new PluginException("the setting " + config.nameOf(key) + " " + problem, false, null);
    }
}
