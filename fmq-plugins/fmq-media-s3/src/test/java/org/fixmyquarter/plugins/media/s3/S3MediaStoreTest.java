package org.fixmyquarter.plugins.media.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the S3 store adds to the kit, against a real S3 server: what a browser fetching the object
 * gets (its content type, under the prefix), the public address, and the messages an
 * administrator gets for a store that is not configured, misconfigured or unreachable.
 */
@ExtendWith(S3MockExtension.class)
class S3MediaStoreTest {

    private S3MockServer s3;
    private S3MediaStore store;

    @BeforeEach
    void server(S3MockServer server) {
        s3 = server;
        store = new S3MediaStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Map<String, String> settings(String... more) {
        Map<String, String> settings = new HashMap<>(Map.of("bucket", S3MockExtension.BUCKET,
                "endpoint", s3.endpoint().toString(), "path-style", "true", "access-key", "test",
                "secret-key", "test"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    @Test
    void objectIsServedWithItsContentTypeUnderThePrefix() throws Exception {
        String prefix = "p-" + UUID.randomUUID() + "/";
        store.init(PluginConfig.of(settings("prefix", prefix)));
        byte[] png = "not really a PNG".getBytes(StandardCharsets.UTF_8);
        store.put("reports/ab/photo.png", "image/png", new ByteArrayInputStream(png));

        HttpURLConnection direct = (HttpURLConnection) s3.endpoint()
                .resolve("/" + S3MockExtension.BUCKET + "/" + prefix + "reports/ab/photo.png").toURL().openConnection();
        try {
            assertEquals(200, direct.getResponseCode(), "the object is where prefix + key says");
            assertEquals("image/png", direct.getContentType());
            try (InputStream in = direct.getInputStream()) {
                assertArrayEquals(png, in.readAllBytes());
            }
        } finally {
            direct.disconnect();
        }
    }

    @Test
    void storesWithDifferentPrefixesDoNotSeeEachOthersFiles() throws Exception {
        String prefix = "p-" + UUID.randomUUID() + "/";
        store.init(PluginConfig.of(settings("prefix", prefix)));
        store.put("reports/photo.jpg", "image/jpeg", new ByteArrayInputStream(new byte[] {1, 2}));
        try (S3MediaStore unprefixed = new S3MediaStore()) {
            unprefixed.init(PluginConfig.of(settings()));
            assertEquals(Optional.empty(), unprefixed.open("reports/photo.jpg"));
            assertFalse(unprefixed.delete("reports/photo.jpg"));
            try (InputStream in = unprefixed.open(prefix + "reports/photo.jpg").orElseThrow()) {
                assertArrayEquals(new byte[] {1, 2}, in.readAllBytes());
            }
        }
        assertTrue(store.delete("reports/photo.jpg"));
    }

    @Test
    void publicUrlIsTheBaseThenPrefixAndKey() throws Exception {
        store.init(PluginConfig.of(settings("prefix", "fmq/", "public-base-url", "https://cdn.example/media/")));
        assertEquals(Optional.of("https://cdn.example/media/fmq/reports/ab/photo-1.jpg"),
                store.publicUrl("reports/ab/photo-1.jpg"));
    }

    @Test
    void withoutPublicBaseUrlTheServerServesTheFiles() throws Exception {
        store.init(PluginConfig.of(settings("prefix", "fmq/")));
        assertEquals(Optional.empty(), store.publicUrl("reports/ab/photo-1.jpg"));
    }

    @Test
    void withoutBucketTheStoreSaysItIsNotConfigured() {
        PluginException e = assertThrows(PluginException.class, () -> store.init(PluginConfig.empty()));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().startsWith("not configured: set 'bucket'"), e.getMessage());
    }

    @Test
    void aBucketThatDoesNotExistIsNamedAtInit() {
        PluginException e = assertThrows(PluginException.class,
                () -> store.init(PluginConfig.of(settings("bucket", "no-such-bucket"))));
        assertFalse(e.isRetryable(), "a missing bucket needs the administrator, not a retry");
        assertTrue(e.getMessage().contains("there is no bucket 'no-such-bucket' there"), e.getMessage());
        assertTrue(e.getMessage().contains(s3.endpoint().toString()), e.getMessage());
    }

    @Test
    void anEndpointWhereNothingListensIsNamedAtInit() throws Exception {
        String nowhere = "http://127.0.0.1:" + freePort();
        PluginException e = assertThrows(PluginException.class,
                () -> store.init(PluginConfig.of(settings("endpoint", nowhere))));
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("no answer from " + nowhere), e.getMessage());
    }

    @Test
    void wrongSettingsAreNamed() {
        assertSettingRefused(settings("path-style", "yes"), "'path-style' must be true or false");
        assertSettingRefused(settings("endpoint", "minio.internal:9000"), "'endpoint' must be an absolute http");
        assertSettingRefused(settings("public-base-url", "cdn.example"), "'public-base-url' must be an absolute");
        assertSettingRefused(settings("prefix", "/fmq/"), "'prefix' may hold");
        assertSettingRefused(settings("bucket", "Photos_Bucket"), "'bucket' must be a bucket name");
        Map<String, String> keyOnly = settings();
        keyOnly.remove("secret-key");
        assertSettingRefused(keyOnly, "'secret-key' is required when access-key is set");
    }

    private void assertSettingRefused(Map<String, String> settings, String message) {
        PluginException e = assertThrows(PluginException.class, () -> new S3MediaStore().init(PluginConfig.of(settings)));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void anUploadThatBreaksOffStoresNothingAndLeavesNoTemporaryFile() throws Exception {
        store.init(PluginConfig.of(settings()));
        String key = "reports/" + UUID.randomUUID() + ".jpg";
        Set<Path> before = spoolFiles();
        PluginException e = assertThrows(PluginException.class, () -> store.put(key, "image/jpeg", new InputStream() {
            private int left = 100_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection reset by peer");
                }
                return 7;
            }
        }));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("broke off after 100000 bytes"), e.getMessage());
        assertEquals(Optional.empty(), store.open(key));
        assertEquals(before, spoolFiles());
    }

    @Test
    void aMalformedKeyIsRefused() throws Exception {
        store.init(PluginConfig.of(settings()));
        PluginException e = assertThrows(PluginException.class,
                () -> store.put("../photo.jpg", "image/jpeg", new ByteArrayInputStream(new byte[] {1})));
        assertFalse(e.isRetryable());
        assertThrows(PluginException.class, () -> store.open("/etc/passwd"));
    }

    @Test
    void aStoppedServerGivesRetryableFailures() throws Exception {
        try (S3MockServer own = S3MockServer.start("stopping")) {
            store.init(PluginConfig.of(settings("bucket", "stopping", "endpoint", own.endpoint().toString())));
            store.put("reports/before.jpg", "image/jpeg", new ByteArrayInputStream(new byte[] {1}));
            own.stop();
            assertFalse(own.isRunning());
            PluginException put = assertThrows(PluginException.class,
                    () -> store.put("reports/after.jpg", "image/jpeg", new ByteArrayInputStream(new byte[] {2})));
            assertTrue(put.isRetryable(), "the server may come back: " + put.getMessage());
            assertTrue(put.getMessage().contains("no answer from " + own.endpoint()), put.getMessage());
            PluginException open = assertThrows(PluginException.class, () -> store.open("reports/before.jpg"));
            assertTrue(open.isRetryable(), open.getMessage());
        }
    }

    private static Set<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("fmq-s3-")).collect(Collectors.toSet());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
