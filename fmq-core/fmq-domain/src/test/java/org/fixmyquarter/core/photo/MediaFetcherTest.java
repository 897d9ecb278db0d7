package org.fixmyquarter.core.photo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.fixmyquarter.spi.PluginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits on fetching a photo an app gave by address: by default nothing that is not a public
 * address is called (loopback, private networks, link-local, unique-local IPv6, also behind a
 * redirect); with private addresses allowed (as in the tests) a real server on loopback is
 * fetched, and the size limit, the schemes and the time limit still hold.
 */
class MediaFetcherTest {

    private static final byte[] PHOTO = "pretend these are a JPEG's bytes".getBytes();

    @TempDir
    Path folder;

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/photo.jpg", exchange -> {
            calls.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, PHOTO.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(PHOTO);
            }
        });
        server.createContext("/big.jpg", exchange -> {
            calls.incrementAndGet();
            // No Content-Length: the limit must hold while reading.
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[4096]);
            } catch (IOException e) {
                // The client stopped reading, as it should.
            }
        });
        server.createContext("/moved", exchange -> {
            calls.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "http://10.1.2.3/photo.jpg");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/slow.jpg", exchange -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(3000);
                exchange.sendResponseHeaders(200, PHOTO.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(PHOTO);
                }
            } catch (InterruptedException | IOException e) {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "10.0.0.8", "172.16.5.4", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
            "::ffff:10.0.0.1", "::ffff:127.0.0.1", "64:ff9b::a9fe:a9fe"})
    void anAddressThatIsNotPublicIsNotPublic(String address) throws IOException {
        assertFalse(MediaFetcher.isPublic(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:2800:220:1::1"})
    void aPublicAddressIsPublic(String address) throws IOException {
        assertTrue(MediaFetcher.isPublic(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:%d/photo.jpg", "http://localhost:%d/photo.jpg", "http://[::1]:%d/photo.jpg",
            "http://10.0.0.1:%d/photo.jpg", "http://169.254.169.254:%d/latest/meta-data/"})
    void byDefaultNothingButPublicAddressesIsCalled(String template) {
        MediaFetcher fetcher = new MediaFetcher(1024, Duration.ofSeconds(2), false);
        String address = String.format(template, server.getAddress().getPort());
        PluginException refused = assertThrows(PluginException.class,
                () -> fetcher.fetch(URI.create(address), folder.resolve("out")));
        assertFalse(refused.isRetryable(), refused.getMessage());
        assertTrue(refused.getMessage().contains("not a public address"), refused.getMessage());
        assertTrue(calls.get() == 0, "the server was called");
    }

    @Test
    void withPrivateAddressesAllowedAPhotoOnLoopbackIsFetched() throws Exception {
        MediaFetcher fetcher = new MediaFetcher(1024, Duration.ofSeconds(2), true);
        Path out = folder.resolve("out");
        fetcher.fetch(URI.create(base() + "/photo.jpg"), out);
        assertArrayEquals(PHOTO, Files.readAllBytes(out));
    }

    @Test
    void theLimitsStillHold() {
        MediaFetcher fetcher = new MediaFetcher(1024, Duration.ofSeconds(1), true);
        PluginException big = assertThrows(PluginException.class,
                () -> fetcher.fetch(URI.create(base() + "/big.jpg"), folder.resolve("big")));
        assertTrue(big.getMessage().contains("1024 bytes"), big.getMessage());
        assertFalse(big.isRetryable());
        assertThrows(PluginException.class, () -> fetcher.fetch(URI.create("file:///etc/passwd"), folder.resolve("f")));
        assertThrows(PluginException.class, () -> fetcher.fetch(URI.create("ftp://example.org/a.jpg"),
                folder.resolve("f")));
        PluginException slow = assertThrows(PluginException.class,
                () -> fetcher.fetch(URI.create(base() + "/slow.jpg"), folder.resolve("slow")));
        assertTrue(slow.isRetryable(), slow.getMessage());
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedUnlessAllowed() {
        // Loopback is allowed only so that the test's server can answer; the redirect is checked again.
        MediaFetcher strict = new MediaFetcher(1024, Duration.ofSeconds(2),
                address -> address.isLoopbackAddress() || MediaFetcher.isPublic(address));
        PluginException refused = assertThrows(PluginException.class,
                () -> strict.fetch(URI.create(base() + "/moved"), folder.resolve("m")));
        assertTrue(refused.getMessage().contains("10.1.2.3"), refused.getMessage());
        assertTrue(calls.get() == 1, "only the first hop was called");
    }
}
