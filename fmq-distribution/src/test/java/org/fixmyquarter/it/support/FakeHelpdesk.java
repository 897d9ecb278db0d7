package org.fixmyquarter.it.support;

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
 * The city helpdesk the example connector plugin talks to, on the port the test server was told:
 * one case per Idempotency-Key, every request recorded.
 */
public final class FakeHelpdesk implements AutoCloseable {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> caseByKey = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(100);
    private final HttpServer server;

    /**
     * @param port the port the server under test sends cases to
     * @throws IOException if the port is taken
     */
    public FakeHelpdesk(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.createContext("/cases", this::handle);
        server.start();
    }

    /** @return every request so far, as "path body" */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestURI().getPath() + " " + body);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String id = caseByKey.computeIfAbsent(String.valueOf(key), k -> "CASE-" + next.incrementAndGet());
        byte[] answer = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(201, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
