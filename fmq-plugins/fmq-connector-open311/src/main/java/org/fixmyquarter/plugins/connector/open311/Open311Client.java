package org.fixmyquarter.plugins.connector.open311;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.event.EventOrigin;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Speaks GeoReport v2 over HTTP: sends a form or a query with the api key and jurisdiction, reads
 * the answer, an array of objects, and turns a failure into a {@link PluginException} that says
 * whether trying again may help.
 *
 * <p>The classification is the dispatcher's retry policy: a refusal (4xx other than 408 and 429)
 * will be refused again, so it is not retryable and carries the endpoint's own Open311 error
 * description for the administrator; an overloaded or failing endpoint (429, 5xx), a timeout or a
 * network failure may pass later. Messages name the resource, never the query, which holds the
 * api key.
 */
final class Open311Client {

    private final Open311Settings settings;
    private final HttpClient http;
    private final JsonProvider json;

    /**
     * @param settings the endpoint and its settings
     * @param json     the JSON-P implementation, looked up once at {@code init}: the dispatcher's
     *                 threads need not have a context class loader that finds one
     */
    Open311Client(Open311Settings settings, JsonProvider json) {
        this.settings = settings;
        this.json = json;
        // Redirects are not followed: a POST redirected as a GET would create nothing and say nothing.
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * {@code POST} of a form, with {@code api_key} and {@code jurisdiction_id} added.
     *
     * @param path   the resource, such as {@code requests.json}
     * @param fields the form's other fields, in order; {@code null} values are left out
     * @return the answer
     * @throws PluginException if the endpoint could not be reached or refused the request
     */
    JsonArray post(String path, Map<String, String> fields) throws PluginException {
        String form = encode(withCredentials(fields));
        HttpRequest request = withOrigin(HttpRequest.newBuilder(settings.resolve(path))).timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build();
        return send(path, request);
    }

    /**
     * {@code GET} with a query, with {@code api_key} and {@code jurisdiction_id} added.
     *
     * @param path  the resource, such as {@code requests.json}
     * @param query the other parameters; {@code null} values are left out
     * @return the answer
     * @throws PluginException if the endpoint could not be reached or refused the request
     */
    JsonArray get(String path, Map<String, String> query) throws PluginException {
        URI target = URI.create(settings.resolve(path) + "?" + encode(withCredentials(query)));
        HttpRequest request = withOrigin(HttpRequest.newBuilder(target)).timeout(settings.requestTimeout())
                .header("Accept", "application/json").GET().build();
        return send(path, request);
    }

    /**
     * Within the delivery of an event, the id of the request that caused it and the delivery's
     * trace context, so that the helpdesk's logs and the server's can be matched.
     */
    private static HttpRequest.Builder withOrigin(HttpRequest.Builder builder) {
        EventOrigin.current().ifPresent(origin -> {
            origin.requestId().ifPresent(id -> builder.header(EventOrigin.REQUEST_ID_HEADER, id));
            origin.traceparent().ifPresent(trace -> builder.header(EventOrigin.TRACEPARENT_HEADER, trace));
        });
        return builder;
    }

    private Map<String, String> withCredentials(Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("api_key", settings.apiKey());
        all.put("jurisdiction_id", settings.jurisdictionId());
        all.putAll(fields);
        return all;
    }

    private JsonArray send(String path, HttpRequest request) throws PluginException {
        String where = settings.endpoint() + "/" + path;
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new PluginException("no answer from the Open311 endpoint " + where + " within "
                    + (e instanceof java.net.http.HttpConnectTimeoutException ? settings.connectTimeout()
                            : settings.requestTimeout()) + " (" + e.getMessage() + ")", true, e);
        } catch (IOException e) {
            throw new PluginException("the Open311 endpoint " + where + " cannot be reached: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while waiting for the Open311 endpoint " + where, true, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            JsonArray answer = parse(json, response.body());
            if (answer == null) {
                // Not retryable: whatever answers 2xx with something else (a login page, a proxy's
                // notice) will do so again, and a created request may hide behind it.
                throw new PluginException("the Open311 endpoint " + where + " answered HTTP " + status
                        + " but not with an Open311 JSON array: " + excerpt(response.body()), false, null);
            }
            return answer;
        }
        boolean retryable = status >= 500 || status == 429 || status == 408;
        throw new PluginException("the Open311 endpoint " + where + " " + (retryable ? "failed" : "refused the request")
                + " (HTTP " + status + "): " + errorDescription(json, response.body()), retryable, null);
    }

    /**
     * @param json the JSON-P implementation
     * @param body an answer
     * @return it as an array (a lone object is an array of one), or {@code null} if it is not JSON
     */
    static JsonArray parse(JsonProvider json, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try (JsonReader reader = json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() == JsonValue.ValueType.ARRAY) {
                return value.asJsonArray();
            }
            if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                return json.createArrayBuilder().add(value).build();
            }
            return null;
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }

    /**
     * The Open311 errors of a failed answer ({@code [{"code":403,"description":"..."}]}), or the
     * start of the body when it has none.
     */
    static String errorDescription(JsonProvider json, String body) {
        JsonArray errors = parse(json, body);
        return errors == null ? excerpt(body) : errorDescription(errors);
    }

    /**
     * The Open311 errors of an answer, or the answer itself, shortened, when it has none.
     *
     * @param answer an answer
     * @return the errors' descriptions, with their codes
     */
    static String errorDescription(JsonArray answer) {
        StringJoiner joined = new StringJoiner("; ");
        for (JsonValue error : answer) {
            if (error.getValueType() == JsonValue.ValueType.OBJECT) {
                String description = text(error.asJsonObject(), "description");
                String code = text(error.asJsonObject(), "code");
                if (description != null) {
                    joined.add(code == null ? description : description + " (code " + code + ")");
                }
            }
        }
        return joined.length() > 0 ? joined.toString() : excerpt(answer.toString());
    }

    /**
     * A member as text, whether the endpoint wrote it as a string or a number (both are seen for
     * {@code service_request_id}).
     *
     * @return the text, or {@code null} when missing, {@code null} or blank
     */
    static String text(JsonObject object, String key) {
        JsonValue value = object.get(key);
        if (value instanceof JsonString string) {
            return string.getString().isBlank() ? null : string.getString();
        }
        if (value instanceof JsonNumber number) {
            return number.toString();
        }
        return null;
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
