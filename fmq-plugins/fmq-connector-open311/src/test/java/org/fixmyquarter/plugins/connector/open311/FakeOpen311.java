package org.fixmyquarter.plugins.connector.open311;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * A small Open311 GeoReport v2 endpoint on 127.0.0.1 for the tests, strict where real ones are:
 * it refuses a wrong api key or service code, a request without location, a coordinate that is
 * not a number; like a real endpoint it knows no idempotency key, so every accepted POST makes a
 * new request. It keeps what it was sent, and can be told to fail or to hang. In the test jar, so
 * that the server's integration tests can give the server one too.
 */
public final class FakeOpen311 implements AutoCloseable {

    /** The only api key it accepts. */
    public static final String API_KEY = "test-key-123";
    /** The only jurisdiction it serves. */
    public static final String JURISDICTION = "lyon.example";
    /** The services it offers. */
    public static final Set<String> SERVICE_CODES = Set.of("PT01", "SL02", "GEN");

    /**
     * One request received.
     *
     * @param method      {@code GET} or {@code POST}
     * @param path        the resource below the endpoint, such as {@code requests.json}
     * @param params      the query's and the form's parameters
     * @param contentType the request's content type, or {@code null}
     * @param requestId   its {@code X-Request-Id}, or {@code null}
     * @param traceparent its {@code traceparent}, or {@code null}
     */
    public record Received(String method, String path, Map<String, String> params, String contentType,
                           String requestId, String traceparent) {
    }

    /** A service request it made. */
    static final class ServiceRequest {
        final String id;
        final String serviceCode;
        final String description;
        final Instant requested;
        volatile String status = "open";
        volatile String notes;
        volatile Instant updated;

        ServiceRequest(String id, String serviceCode, String description, Instant requested) {
            this.id = id;
            this.serviceCode = serviceCode;
            this.description = description;
            this.requested = requested;
            this.updated = requested;
        }
    }

    /** A scripted answer for the next request. */
    record Scripted(int status, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    final Map<String, ServiceRequest> requests = new LinkedHashMap<>();
    final Map<String, String> tokens = new LinkedHashMap<>();
    final List<String> listedUpdates = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> script = new ConcurrentLinkedDeque<>();
    private final AtomicInteger nextId = new AtomicInteger(1000);
    private final CountDownLatch released = new CountDownLatch(1);
    volatile boolean asynchronous;
    volatile boolean hang;
    volatile boolean refuseSearches;

    FakeOpen311() throws IOException {
        this(0);
    }

    /**
     * Starts the endpoint at {@code http://127.0.0.1:<port>/open311/v2}.
     *
     * @param port the port, or 0 for a free one
     * @throws IOException if the port is taken
     */
    public FakeOpen311(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/open311/v2/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** @return the endpoint's base address */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/open311/v2";
    }

    /** @return every request received, oldest first */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** @return the POSTs received, oldest first */
    public List<Received> posts() {
        return received.stream().filter(r -> r.method().equals("POST")).toList();
    }

    /** The next request is answered so, whatever it is. */
    void answerNext(int status, String body) {
        script.add(new Scripted(status, body));
    }

    synchronized ServiceRequest request(String id) {
        return requests.get(id);
    }

    /**
     * Closes the request whose description holds a text, as the city's staff would, with notes;
     * for tests outside this package (the server's PluginsIT).
     *
     * @param descriptionPart a text the request's description holds, such as the report's reference
     * @param notes           the staff's notes
     * @return the request's id
     * @throws IllegalStateException if no request's description holds it
     */
    public synchronized String closeRequest(String descriptionPart, String notes) {
        ServiceRequest request = requests.values().stream().filter(r -> r.description.contains(descriptionPart))
                .findFirst().orElseThrow(() -> new IllegalStateException("no request holds " + descriptionPart));
        request.notes = notes;
        request.status = "closed";
        request.updated = Instant.now();
        return request.id;
    }

    /** Makes the request behind a token, as an asynchronous endpoint does later. */
    synchronized String resolve(String token) {
        String[] pending = pendingCodes.get(token);
        ServiceRequest request = create(pending[0], pending[1]);
        tokens.put(token, request.id);
        return request.id;
    }

    /** Stops it; a hanging answer is released. */
    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring("/open311/v2/".length());
            Map<String, String> params = new LinkedHashMap<>(parse(exchange.getRequestURI().getRawQuery()));
            if (exchange.getRequestMethod().equals("POST")) {
                try (InputStream in = exchange.getRequestBody()) {
                    params.putAll(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            received.add(new Received(exchange.getRequestMethod(), path, params,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Request-Id"),
                    exchange.getRequestHeaders().getFirst("traceparent")));
            if (hang) {
                released.await(30, TimeUnit.SECONDS);
                return;
            }
            Scripted scripted = script.poll();
            if (scripted != null) {
                send(exchange, scripted.status(), scripted.body());
                return;
            }
            if (!API_KEY.equals(params.get("api_key"))) {
                send(exchange, 403, error(403, "Invalid api_key received -- can't proceed with the request."));
                return;
            }
            if (!JURISDICTION.equals(params.get("jurisdiction_id"))) {
                send(exchange, 404, error(404, "jurisdiction_id provided not found"));
                return;
            }
            synchronized (this) {
                route(exchange, path, params);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void route(HttpExchange exchange, String path, Map<String, String> params) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("POST") && path.equals("requests.json")) {
            create(exchange, params);
        } else if (method.equals("GET") && path.equals("requests.json")) {
            search(exchange, params);
        } else if (method.equals("GET") && path.startsWith("tokens/") && path.endsWith(".json")) {
            String token = path.substring("tokens/".length(), path.length() - ".json".length());
            String id = tokens.get(token);
            if (!tokens.containsKey(token)) {
                send(exchange, 404, error(404, "unknown token"));
            } else {
                JsonObjectBuilder answer = Json.createObjectBuilder().add("token", token);
                if (id != null && requests.containsKey(id)) {
                    answer.add("service_request_id", id);
                }
                send(exchange, 200, Json.createArrayBuilder().add(answer).build().toString());
            }
        } else if (method.equals("GET") && path.equals("servicerequestupdates.json")) {
            if (params.get("start_date") == null) {
                send(exchange, 400, error(400, "start_date is required"));
                return;
            }
            send(exchange, 200, "[" + String.join(",", listedUpdates) + "]");
        } else {
            send(exchange, 404, error(404, "no such resource " + path));
        }
    }

    private void create(HttpExchange exchange, Map<String, String> params) throws IOException {
        String code = params.get("service_code");
        if (!SERVICE_CODES.contains(code)) {
            send(exchange, 400, error(400, "Service code " + code + " is invalid"));
            return;
        }
        String lat = params.get("lat");
        String lon = params.get("long");
        boolean position = lat != null && lon != null;
        if (position && !(number(lat) && number(lon))) {
            send(exchange, 400, error(400, "lat and long must be numbers"));
            return;
        }
        if (!position && params.get("address_string") == null) {
            send(exchange, 400, error(400, "lat/long, address_string or address_id is required"));
            return;
        }
        if (asynchronous) {
            String token = "tok-" + nextId.getAndIncrement();
            tokens.put(token, null);
            pendingCodes.put(token, new String[] {code, params.get("description")});
            send(exchange, 200, Json.createArrayBuilder().add(Json.createObjectBuilder().add("token", token)).build()
                    .toString());
            return;
        }
        ServiceRequest request = create(code, params.get("description"));
        send(exchange, 201, Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("service_request_id", request.id).add("service_notice", "Thank you").addNull("account_id"))
                .build().toString());
    }

    private final Map<String, String[]> pendingCodes = new LinkedHashMap<>();

    private ServiceRequest create(String code, String description) {
        String id = Integer.toString(nextId.getAndIncrement());
        ServiceRequest request = new ServiceRequest(id, code, description, Instant.now());
        requests.put(id, request);
        return request;
    }

    private void search(HttpExchange exchange, Map<String, String> params) throws IOException {
        JsonArrayBuilder answer = Json.createArrayBuilder();
        String ids = params.get("service_request_id");
        if (ids != null) {
            for (String id : ids.split(",")) {
                ServiceRequest request = requests.get(id);
                if (request != null) {
                    answer.add(json(request));
                }
            }
        } else {
            if (refuseSearches) {
                send(exchange, 400, error(400, "searching requests is not supported"));
                return;
            }
            Instant start = OffsetDateTime.parse(params.get("start_date")).toInstant();
            Instant end = OffsetDateTime.parse(params.get("end_date")).toInstant();
            if (java.time.Duration.between(start, end).toDays() > 90) {
                send(exchange, 400, error(400, "the range may not span more than 90 days"));
                return;
            }
            for (ServiceRequest request : requests.values()) {
                if (request.serviceCode.equals(params.get("service_code")) && !request.requested.isBefore(start)
                        && !request.requested.isAfter(end)) {
                    answer.add(json(request));
                }
            }
        }
        send(exchange, 200, answer.build().toString());
    }

    private static JsonObjectBuilder json(ServiceRequest request) {
        JsonObjectBuilder object = Json.createObjectBuilder().add("service_request_id", request.id)
                .add("status", request.status).add("service_code", request.serviceCode)
                .add("description", request.description == null ? "" : request.description)
                .add("requested_datetime", request.requested.toString())
                .add("updated_datetime", OffsetDateTime.ofInstant(request.updated, java.time.ZoneOffset.ofHours(1))
                        .toString());
        if (request.notes != null) {
            object.add("status_notes", request.notes);
        } else {
            object.addNull("status_notes");
        }
        return object;
    }

    private static boolean number(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String error(int code, String description) {
        return Json.createArrayBuilder().add(Json.createObjectBuilder().add("code", code).add("description", description))
                .build().toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
