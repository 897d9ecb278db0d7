package org.fixmyquarter.plugins.media.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the store reports the answers S3Mock never gives: an S3 endpoint that accepts the bucket
 * check, then answers every other request with a fixed S3 error, over real HTTP through the SDK.
 * A server error may pass, so it is retryable; a refusal needs the administrator, so it is not.
 */
class S3FailuresTest {

    private HttpServer server;
    private volatile int status;
    private volatile String code;
    private S3MediaStore store;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        store = new S3MediaStore();
    }

    @AfterEach
    void stop() {
        store.close();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestMethod().equals("HEAD") && exchange.getRequestURI().getPath().equals("/photos")) {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>refused by "
                + "the test</Message><RequestId>1</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private void init() throws PluginException {
        store.init(PluginConfig.of(Map.of("bucket", "photos", "endpoint", "http://127.0.0.1:"
                + server.getAddress().getPort(), "path-style", "true", "access-key", "test", "secret-key", "test")));
    }

    private PluginException putFails() {
        return assertThrows(PluginException.class,
                () -> store.put("reports/a.jpg", "image/jpeg", new ByteArrayInputStream(new byte[] {1, 2, 3})));
    }

    @Test
    void aServerErrorIsRetryable() throws Exception {
        init();
        status = 500;
        code = "InternalError";
        PluginException e = putFails();
        assertTrue(e.isRetryable(), e.getMessage());
        assertTrue(e.getMessage().contains("could not store 'reports/a.jpg' in bucket 'photos'")
                && e.getMessage().contains("InternalError, HTTP 500"), e.getMessage());
    }

    @Test
    void accessDeniedIsNotRetryableAndSaysWhatToCheck() throws Exception {
        init();
        status = 403;
        code = "AccessDenied";
        PluginException e = putFails();
        assertFalse(e.isRetryable(), e.getMessage());
        assertTrue(e.getMessage().contains("access denied: the credentials in use may not use this bucket"),
                e.getMessage());
    }

    @Test
    void aBucketRemovedSinceStartIsNamed() throws Exception {
        init();
        status = 404;
        code = "NoSuchBucket";
        PluginException e = putFails();
        assertFalse(e.isRetryable(), e.getMessage());
        assertTrue(e.getMessage().contains("there is no bucket 'photos' there"), e.getMessage());
        PluginException open = assertThrows(PluginException.class, () -> store.open("reports/a.jpg"));
        assertTrue(open.getMessage().contains("there is no bucket 'photos' there"),
                "a missing bucket is not a missing file: " + open.getMessage());
    }
}
