package org.fixmyquarter.examples.connector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A helpdesk as the connector expects it, on a free local port: it opens one case per
 * Idempotency-Key, records every request it received, and refuses a body that is not JSON
 * because of a {@code NaN} or {@code Infinity} number.
 */
final class FakeHelpdesk implements AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> caseByKey = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(1000);
    private final HttpServer server;

    FakeHelpdesk() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cases", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cases";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestURI().getPath() + " " + body);
        // A real helpdesk parses the body: JSON has no NaN or Infinity, which is what a report
        // without a position would become if its coordinates were written as numbers.
        String outsideStrings = body.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
        if (outsideStrings.contains("NaN") || outsideStrings.contains("Infinity")) {
            byte[] refusal = "{\"error\":\"not JSON\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, refusal.length);
            exchange.getResponseBody().write(refusal);
            exchange.close();
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String id = caseByKey.computeIfAbsent(key == null ? "none" : key, k -> "CASE-" + next.incrementAndGet());
        byte[] answer = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
