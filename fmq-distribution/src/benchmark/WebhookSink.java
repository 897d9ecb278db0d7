import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loopback receiver of the benchmark's deliveries scenario: an HTTP server that reads each
 * POST's body to the end, answers 204, and records the request's {@code webhook-id} header. It
 * verifies no signature (that would measure this sink, not the server): it counts the requests
 * (total) and the distinct ids, so that duplicates (total - distinct) are visible, and remembers
 * when it last saw a new id, so the runner times the deliveries by the sink's clock rather than by
 * its own polling.
 *
 * <pre>java WebhookSink.java [PORT [SAMPLE-FILE]]</pre>
 *
 * <ul>
 *   <li>{@code POST} any path: 204; the body is read and discarded. The first body with a
 *       {@code webhook-id} is written to SAMPLE-FILE if given (the runner posts a body of the same
 *       size to the sink for the ceiling), with its headers beside it in SAMPLE-FILE.headers.</li>
 *   <li>{@code GET /stats}: {@code {"distinct":d,"total":t,"withoutId":w,"firstAtMs":..,"lastNewAtMs":..}}
 *       (wall-clock milliseconds of the first request and of the last new id, 0 before any).</li>
 *   <li>{@code DELETE /stats}: forgets everything (between the ceiling and the measurement).</li>
 * </ul>
 *
 * Port 0 (the default) takes a free one; the port is printed as the first line ("port N"), then the
 * sink runs until it is killed (the runner kills it by its process id when it ends).
 */
public class WebhookSink {

    private static final Set<String> IDS = ConcurrentHashMap.newKeySet();
    private static final AtomicLong TOTAL = new AtomicLong();
    private static final AtomicLong WITHOUT_ID = new AtomicLong();
    private static final AtomicLong FIRST_AT = new AtomicLong();
    private static final AtomicLong LAST_NEW_AT = new AtomicLong();
    private static final AtomicBoolean SAMPLED = new AtomicBoolean();

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Path sample = args.length > 1 ? Path.of(args[1]) : null;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.createContext("/", exchange -> {
            try (exchange) {
                if ("/stats".equals(exchange.getRequestURI().getPath())) {
                    stats(exchange);
                    return;
                }
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                long now = System.currentTimeMillis();
                FIRST_AT.compareAndSet(0, now);
                TOTAL.incrementAndGet();
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                if (id == null) {
                    WITHOUT_ID.incrementAndGet();
                } else if (IDS.add(id)) {
                    LAST_NEW_AT.accumulateAndGet(now, Math::max);
                    if (sample != null && SAMPLED.compareAndSet(false, true)) {
                        Files.write(sample, body);
                        StringBuilder headers = new StringBuilder();
                        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(
                                value -> headers.append(name).append(": ").append(value).append('\n')));
                        Files.writeString(Path.of(sample + ".headers"), headers);
                    }
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        // More threads than the server's delivery workers (8 by default) or hey's clients, so the
        // sink never makes one of them wait for a thread.
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.start();
        System.out.println("port " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void stats(HttpExchange exchange) throws IOException {
        if ("DELETE".equals(exchange.getRequestMethod())) {
            IDS.clear();
            TOTAL.set(0);
            WITHOUT_ID.set(0);
            FIRST_AT.set(0);
            LAST_NEW_AT.set(0);
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        byte[] json = String.format("{\"distinct\":%d,\"total\":%d,\"withoutId\":%d,\"firstAtMs\":%d,\"lastNewAtMs\":%d}",
                IDS.size(), TOTAL.get(), WITHOUT_ID.get(), FIRST_AT.get(), LAST_NEW_AT.get())
                .getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
