package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.report;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces, against a real OTLP receiver: the test servers export their spans with OTLP over HTTP
 * (protobuf) to a receiver this test runs on {@code fmq.it.otlp-port} (9840 for the H2 server,
 * 9841 for PostgreSQL's; see the build), and a webhook receiver on 9846 records what the server's
 * calls carry. One report created must make one trace holding the HTTP request's span, the
 * transaction's, the outbox event's and the webhook delivery's, each the child of the one before,
 * and the webhook call must carry the delivery span's {@code traceparent} and the request's
 * {@code X-Request-Id}.
 */
class TracesIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final int WEBHOOK_PORT = 9846;

    private static final List<ExportedSpan> SPANS = new CopyOnWriteArrayList<>();
    private static final List<Map<String, String>> WEBHOOK_CALLS = new CopyOnWriteArrayList<>();

    private static HttpServer otlp;
    private static HttpServer webhookReceiver;
    private static String admin;
    private static String webhookId;

    /** One span as the server exported it. */
    record ExportedSpan(String service, String scope, String traceId, String spanId, String parentSpanId, String name,
                        int kind, long startNanos, long endNanos, Map<String, String> attributes, int statusCode) {

        /** OTLP's span kinds. */
        static final int SERVER = 2;
        static final int CLIENT = 3;
        static final int PRODUCER = 4;

        @Override
        public String toString() {
            return String.format("%-8s %-38s trace=%s span=%s parent=%s %6.1f ms%s %s", kindName(), name, traceId,
                    spanId, parentSpanId.isEmpty() ? "-" : parentSpanId, (endNanos - startNanos) / 1e6,
                    statusCode == 2 ? " ERROR" : "", attributes);
        }

        String kindName() {
            return switch (kind) {
                case 1 -> "INTERNAL";
                case SERVER -> "SERVER";
                case CLIENT -> "CLIENT";
                case PRODUCER -> "PRODUCER";
                case 5 -> "CONSUMER";
                default -> "?";
            };
        }
    }

    @BeforeAll
    static void startReceivers() throws IOException {
        String port = System.getProperty("fmq.it.otlp-port");
        assumeTrue(port != null, "this pass's server exports no traces (fmq.it.otlp-port is not set)");
        otlp = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 0);
        otlp.createContext("/v1/traces", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                SPANS.addAll(OtlpTraces.decode(body));
            } catch (RuntimeException e) {
                // Said in the test's output with the body's size, rather than a dropped connection
                // the server only logs as "unexpected end of stream".
                System.out.println("TracesIT: an export of " + body.length + " bytes could not be read: " + e);
                e.printStackTrace(System.out);
            }
            // An empty ExportTraceServiceResponse: everything was accepted.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        otlp.start();

        webhookReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", WEBHOOK_PORT), 0);
        webhookReceiver.createContext("/hooks/traces", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> call = new LinkedHashMap<>();
            call.put("traceparent", exchange.getRequestHeaders().getFirst("traceparent"));
            call.put("x-request-id", exchange.getRequestHeaders().getFirst("X-Request-Id"));
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                call.put("reportId", reader.readObject().getJsonObject("data").getString("reportId", null));
            }
            WEBHOOK_CALLS.add(call);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhookReceiver.start();

        admin = adminToken();
        HttpResponse<String> created = postJson("/api/v1/admin/webhooks", Json.createObjectBuilder()
                .add("url", "http://127.0.0.1:" + WEBHOOK_PORT + "/hooks/traces")
                .add("description", "TracesIT")
                .add("eventTypes", Json.createArrayBuilder().add("report.created"))
                .build().toString(), admin);
        assertEquals(201, created.statusCode(), created.body());
        webhookId = json(created).getString("id");
    }

    @AfterAll
    static void stopReceivers() {
        if (webhookId != null) {
            // Later test classes create reports too: left behind, this webhook would call a closed port.
            send(request("/api/v1/admin/webhooks/" + webhookId).header("Authorization", "Bearer " + admin)
                    .DELETE().build());
        }
        if (webhookReceiver != null) {
            webhookReceiver.stop(0);
        }
        if (otlp != null) {
            otlp.stop(0);
        }
    }

    @Test
    void aReportMakesOneTraceFromTheRequestThroughTheOutboxToTheWebhookCall() {
        HttpResponse<String> response = send(request("/api/v1/reports")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        report("Traced pothole " + Instant.now(), "pothole", 48.8566, 2.3522)))
                .build());
        assertEquals(201, response.statusCode(), response.body());
        String reportId = json(response).getString("id");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();

        await(WITHIN, () -> callAbout(reportId).isPresent(), () -> "the webhook call about " + reportId
                + "; calls: " + WEBHOOK_CALLS);
        Map<String, String> call = callAbout(reportId).orElseThrow();
        assertEquals(requestId, call.get("x-request-id"), "the webhook call names the request that caused it");
        String traceparent = call.get("traceparent");
        assertNotNull(traceparent, "the webhook call carries a traceparent: " + call);
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), traceparent);
        String traceId = traceparent.substring(3, 35);
        String deliverySpanId = traceparent.substring(36, 52);

        // The delivery's span ends after the webhook answered; the batch leaves within 0.1 s (the build's settings).
        await(WITHIN, () -> spanNamed(traceId, "deliver webhook/" + webhookId).isPresent(),
                () -> "the delivery's span in trace " + traceId + "; spans of that trace: " + trace(traceId));
        List<ExportedSpan> trace = trace(traceId);
        System.out.println("TracesIT: the trace of report " + reportId + " (request " + requestId + "):");
        trace.forEach(span -> System.out.println("  " + span));

        ExportedSpan delivery = spanNamed(traceId, "deliver webhook/" + webhookId).orElseThrow();
        assertEquals(deliverySpanId, delivery.spanId(), "the traceparent sent is the delivery span's: " + trace);
        assertEquals(ExportedSpan.CLIENT, delivery.kind(), delivery.toString());
        assertEquals("report.created", delivery.attributes().get("fmq.event.type"), delivery.toString());
        ExportedSpan outbox = parentOf(delivery, trace);
        assertEquals("outbox report.created", outbox.name(), "the delivery is the outbox event's child: " + trace);
        assertEquals(ExportedSpan.PRODUCER, outbox.kind(), outbox.toString());
        ExportedSpan transaction = parentOf(outbox, trace);
        assertEquals("ReportTransactions.create", transaction.name(),
                "the event is recorded in the transaction's span: " + trace);
        // The HTTP request's span, made by Liberty, is the root of the trace; the transaction is
        // inside it (directly, or below a span of Liberty's own).
        ExportedSpan root = trace.stream().filter(s -> s.parentSpanId().isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no root span in " + trace));
        assertEquals(ExportedSpan.SERVER, root.kind(), "the root is the HTTP request's span: " + trace);
        assertTrue(root.name().contains("/api/v1/reports"), root.toString());
        ExportedSpan up = transaction;
        while (!up.parentSpanId().isEmpty()) {
            up = parentOf(up, trace);
        }
        assertEquals(root, up, "the transaction is inside the request's span: " + trace);
        assertTrue(delivery.startNanos() >= transaction.endNanos(), "the delivery comes after the commit: " + trace);
        // The id of the log lines finds the trace: on the request's span and the delivery's.
        assertEquals(requestId, root.attributes().get("fmq.request_id"), root.toString());
        assertEquals(requestId, delivery.attributes().get("fmq.request_id"), delivery.toString());
    }

    private static Optional<Map<String, String>> callAbout(String reportId) {
        return WEBHOOK_CALLS.stream().filter(c -> reportId.equals(c.get("reportId"))).findFirst();
    }

    private static List<ExportedSpan> trace(String traceId) {
        return SPANS.stream().filter(s -> s.traceId().equals(traceId))
                .sorted(java.util.Comparator.comparingLong(ExportedSpan::startNanos)).collect(Collectors.toList());
    }

    private static Optional<ExportedSpan> spanNamed(String traceId, String name) {
        return trace(traceId).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static ExportedSpan parentOf(ExportedSpan child, List<ExportedSpan> trace) {
        return trace.stream().filter(s -> s.spanId().equals(child.parentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("the parent of " + child + " is not in " + trace));
    }

    /**
     * Reads OTLP's {@code ExportTraceServiceRequest} (opentelemetry-proto, trace/v1), protobuf's
     * wire format written out here: the few fields the test needs, every other one skipped.
     */
    static final class OtlpTraces {

        private final byte[] bytes;
        private int at;
        private final int end;

        private OtlpTraces(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.at = from;
            this.end = end;
        }

        static List<ExportedSpan> decode(byte[] body) {
            List<ExportedSpan> spans = new java.util.ArrayList<>();
            OtlpTraces request = new OtlpTraces(body, 0, body.length);
            while (request.more()) {
                int field = request.tag();
                if (field >>> 3 == 1) { // resource_spans
                    request.message().resourceSpans(spans);
                } else {
                    request.skip(field);
                }
            }
            return spans;
        }

        private void resourceSpans(List<ExportedSpan> into) {
            String service = "";
            List<OtlpTraces> scopes = new java.util.ArrayList<>();
            while (more()) {
                int field = tag();
                switch (field >>> 3) {
                    case 1 -> service = message().attributes(1).getOrDefault("service.name", "");
                    case 2 -> scopes.add(message());
                    default -> skip(field);
                }
            }
            for (OtlpTraces scope : scopes) {
                scope.scopeSpans(service, into);
            }
        }

        private void scopeSpans(String service, List<ExportedSpan> into) {
            String scope = "";
            List<OtlpTraces> spans = new java.util.ArrayList<>();
            while (more()) {
                int field = tag();
                switch (field >>> 3) {
                    case 1 -> scope = message().string(1);
                    case 2 -> spans.add(message());
                    default -> skip(field);
                }
            }
            for (OtlpTraces span : spans) {
                try {
                    into.add(span.span(service, scope));
                } catch (RuntimeException e) {
                    // One span this reader cannot read must not hide the others of the export.
                    System.out.println("TracesIT: a span of " + service + " could not be read: " + e);
                }
            }
        }

        private ExportedSpan span(String service, String scope) {
            String traceId = "";
            String spanId = "";
            String parent = "";
            String name = "";
            int kind = 0;
            long start = 0;
            long stop = 0;
            int status = 0;
            Map<String, String> attributes = new LinkedHashMap<>();
            while (more()) {
                int field = tag();
                switch (field >>> 3) {
                    case 1 -> traceId = HexFormat.of().formatHex(bytes());
                    case 2 -> spanId = HexFormat.of().formatHex(bytes());
                    case 4 -> parent = HexFormat.of().formatHex(bytes());
                    case 5 -> name = new String(bytes(), StandardCharsets.UTF_8);
                    case 6 -> kind = (int) varint();
                    case 7 -> start = fixed64();
                    case 8 -> stop = fixed64();
                    case 9 -> attributes.putAll(message().keyValue());
                    case 15 -> status = (int) message().number(3);
                    default -> skip(field);
                }
            }
            return new ExportedSpan(service, scope, traceId, spanId, parent, name, kind, start, stop, attributes, status);
        }

        /** @return the KeyValue attributes found in the given field of this message */
        private Map<String, String> attributes(int number) {
            Map<String, String> found = new LinkedHashMap<>();
            while (more()) {
                int field = tag();
                if (field >>> 3 == number) {
                    found.putAll(message().keyValue());
                } else {
                    skip(field);
                }
            }
            return found;
        }

        /** A KeyValue: its key, and its AnyValue as text. */
        private Map<String, String> keyValue() {
            String key = "";
            String value = "";
            while (more()) {
                int field = tag();
                switch (field >>> 3) {
                    case 1 -> key = new String(bytes(), StandardCharsets.UTF_8);
                    case 2 -> value = message().anyValue();
                    default -> skip(field);
                }
            }
            return Map.of(key, value);
        }

        private String anyValue() {
            String value = "";
            while (more()) {
                int field = tag();
                switch (field >>> 3) {
                    case 1 -> value = new String(bytes(), StandardCharsets.UTF_8);
                    case 2 -> value = Boolean.toString(varint() != 0);
                    case 3 -> value = Long.toString(varint());
                    case 4 -> value = Double.toString(Double.longBitsToDouble(fixed64()));
                    default -> {
                        skip(field);
                        value = "(not text)";
                    }
                }
            }
            return value;
        }

        private String string(int number) {
            String found = "";
            while (more()) {
                int field = tag();
                if (field >>> 3 == number && (field & 7) == 2) {
                    found = new String(bytes(), StandardCharsets.UTF_8);
                } else {
                    skip(field);
                }
            }
            return found;
        }

        private long number(int number) {
            long found = 0;
            while (more()) {
                int field = tag();
                if (field >>> 3 == number && (field & 7) == 0) {
                    found = varint();
                } else {
                    skip(field);
                }
            }
            return found;
        }

        private boolean more() {
            return at < end;
        }

        private int tag() {
            return (int) varint();
        }

        private long varint() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[at++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }

        private long fixed64() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value |= (bytes[at++] & 0xffL) << (8 * i);
            }
            return value;
        }

        private byte[] bytes() {
            int length = (int) varint();
            byte[] out = java.util.Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            return out;
        }

        private OtlpTraces message() {
            int length = (int) varint();
            OtlpTraces inner = new OtlpTraces(bytes, at, at + length);
            at += length;
            return inner;
        }

        private void skip(int field) {
            switch (field & 7) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> at += (int) varint();
                case 5 -> at += 4;
                default -> throw new IllegalStateException("unknown wire type " + (field & 7) + " at " + at);
            }
        }
    }
}
