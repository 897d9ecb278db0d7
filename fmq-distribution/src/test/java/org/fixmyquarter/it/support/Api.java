package org.fixmyquarter.it.support;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A small HTTP client for the API of the server under test, as any client program would use it.
 */
public final class Api {

    /** The server under test, e.g. {@code http://localhost:9180}, set by the failsafe execution. */
    public static final String BASE_URL = System.getProperty("fmq.it.base-url", "http://localhost:9080");

    private static final java.util.Random RANDOM = new java.security.SecureRandom();

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Api() {
    }

    /**
     * @param path a path such as {@code /api/v1/reports}, or an absolute URL
     * @return a request builder for it with a timeout set
     */
    public static HttpRequest.Builder request(String path) {
        String url = path.startsWith("http") ? path : BASE_URL + path;
        // The test servers trust this machine as a proxy: each request comes from a client
        // address of its own, so the per-address rate limit (RateLimitIT) counts only its own.
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", clientAddress());
    }

    /** @return a client address of its own, for {@code X-Forwarded-For} */
    public static String clientAddress() {
        return "10." + RANDOM.nextInt(256) + "." + RANDOM.nextInt(256) + "." + RANDOM.nextInt(256);
    }

    /**
     * @param request a request
     * @return the response, body as text
     */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Request to " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the response to a GET of {@code path} */
    public static HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** @return the response to a POST of a JSON body to {@code path} */
    public static HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** @return the response to a POST of a JSON body to {@code path}, signed in with {@code token} */
    public static HttpResponse<String> postJson(String path, String json, String token) {
        return send(request(path).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** @return the response to a GET of {@code path}, signed in with {@code token} */
    public static HttpResponse<String> get(String path, String token) {
        return send(request(path).header("Authorization", "Bearer " + token).GET().build());
    }

    /**
     * Signs in and fails unless the server answers 200.
     *
     * @return the access token
     */
    public static String login(String email, String password) {
        return login(BASE_URL, email, password);
    }

    /**
     * Signs in at another server than {@link #BASE_URL} and fails unless it answers 200.
     *
     * @param baseUrl the server, e.g. {@code http://localhost:9480}
     * @return the access token
     */
    public static String login(String baseUrl, String email, String password) {
        HttpResponse<String> response = postJson(baseUrl + "/api/v1/auth/login", Json.createObjectBuilder()
                .add("email", email).add("password", password).build().toString());
        if (response.statusCode() != 200) {
            throw new AssertionError("Sign-in of " + email + " failed: " + response.statusCode() + " " + response.body());
        }
        return json(response).getString("access_token");
    }

    /** @return a token of the test server's first administrator (see the failsafe settings) */
    public static String adminToken() {
        return login(System.getProperty("fmq.it.admin-email", "admin@it.example"),
                System.getProperty("fmq.it.admin-password", "it-admin-password"));
    }

    /** @return the body of a response parsed as a JSON object */
    public static JsonObject json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /**
     * A report body as a client sends it.
     *
     * @return JSON text
     */
    public static String report(String title, String category, double lat, double lon) {
        return Json.createObjectBuilder()
                .add("title", title)
                .add("description", "Seen on " + title)
                .add("category", category)
                .add("location", Json.createObjectBuilder().add("lat", lat).add("lon", lon))
                .build().toString();
    }

    /**
     * Creates a report and fails unless the server answers 201.
     *
     * @return the created report
     */
    public static JsonObject createReport(String title, String category) {
        HttpResponse<String> response = postJson("/api/v1/reports", report(title, category, 48.8566, 2.3522));
        if (response.statusCode() != 201) {
            throw new AssertionError("Expected 201, got " + response.statusCode() + ": " + response.body());
        }
        return json(response);
    }

    /**
     * Waits for something the server does in the background, such as delivering an event.
     *
     * @param within    the longest wait
     * @param condition checked every 100 ms
     * @param what      said in the failure
     */
    public static void await(Duration within, java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + within.toSeconds() + " s: " + what.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
