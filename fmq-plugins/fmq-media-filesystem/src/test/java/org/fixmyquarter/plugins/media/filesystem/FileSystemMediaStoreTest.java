package org.fixmyquarter.plugins.media.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the file-system store adds to the kit: where files land, that a broken upload leaves
 * nothing half-written, that keys stay inside the root, and how a wrong root is reported.
 */
class FileSystemMediaStoreTest {

    @TempDir
    Path parent;

    private Path root;
    private FileSystemMediaStore store;

    @BeforeEach
    void start() throws PluginException {
        root = parent.resolve("media");
        store = new FileSystemMediaStore();
        store.init(PluginConfig.of(Map.of("root", root.toString())));
    }

    @Test
    void filesLandUnderTheRootAtTheirKeysPath() throws Exception {
        byte[] photo = "a photo".getBytes(StandardCharsets.UTF_8);
        store.put("reports/ab/photo-1.jpg", "image/jpeg", new ByteArrayInputStream(photo));
        assertArrayEquals(photo, Files.readAllBytes(root.resolve("reports/ab/photo-1.jpg")));
        assertEquals(List.of(root.resolve("reports/ab/photo-1.jpg")), filesUnder(root), "no temporary file stays behind");
    }

    @Test
    void uploadBreakingOffLeavesNoFileAndNoTemporaryFile() {
        PluginException e = assertThrows(PluginException.class,
                () -> store.put("reports/cd/photo.jpg", "image/jpeg", new BreakingStream(200_000)));
        assertFalse(e.isRetryable(), "the stream is gone, a retry cannot read it again");
        assertTrue(e.getMessage().contains("reports/cd/photo.jpg"), e.getMessage());
        assertEquals(List.of(), filesUnder(root));
    }

    @Test
    void uploadBreakingOffKeepsTheFileStoredBefore() throws Exception {
        byte[] first = "the photo stored first".getBytes(StandardCharsets.UTF_8);
        store.put("reports/ef/photo.jpg", "image/jpeg", new ByteArrayInputStream(first));
        assertThrows(PluginException.class,
                () -> store.put("reports/ef/photo.jpg", "image/jpeg", new BreakingStream(300_000)));
        try (InputStream in = store.open("reports/ef/photo.jpg").orElseThrow()) {
            assertArrayEquals(first, in.readAllBytes(), "a failed replacement must leave the old file whole");
        }
        assertEquals(List.of(root.resolve("reports/ef/photo.jpg")), filesUnder(root));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside.jpg", "reports/../../outside.jpg", "/etc/passwd", ".", "reports/.",
            "a\\..\\outside.jpg", "", "reports/photo 1.jpg", "reports//photo.jpg", "reports/"})
    void keysThatClimbOutOrAreMalformedAreRefused(String key) throws Exception {
        PluginException put = assertThrows(PluginException.class,
                () -> store.put(key, "image/jpeg", new ByteArrayInputStream(new byte[] {1})));
        assertFalse(put.isRetryable());
        assertTrue(put.getMessage().contains("refused the media key"), put.getMessage());
        assertThrows(PluginException.class, () -> store.open(key));
        assertThrows(PluginException.class, () -> store.delete(key));
        assertEquals(List.of(), filesUnder(parent), "nothing may be written, inside the root or beside it");
    }

    @Test
    void aReaderSeesTheOldFileOrTheNewOneNeverAMix() throws Exception {
        int size = 256 * 1024;
        byte[] a = new byte[size];
        byte[] b = new byte[size];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        String key = "reports/ab/replaced.jpg";
        store.put(key, "image/jpeg", new ByteArrayInputStream(a));
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    store.put(key, "image/jpeg", new ByteArrayInputStream(i % 2 == 0 ? b : a));
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        });
        writer.start();
        int reads = 0;
        while (writer.isAlive() || reads == 0) {
            try (InputStream in = store.open(key).orElseThrow(() -> new AssertionError("the file vanished while replaced"))) {
                byte[] read = in.readAllBytes();
                assertEquals(size, read.length, "a reader saw a half-written file");
                assertTrue(Arrays.equals(read, a) || Arrays.equals(read, b),
                        "a reader saw a mix of two versions");
            }
            reads++;
        }
        writer.join();
        assertEquals(null, writerFailure.get());
        assertEquals(List.of(root.resolve(key)), filesUnder(root), "no temporary file stays behind");
    }

    @Test
    void deleteRemovesFoldersItLeavesEmptyButNotTheRootOrNeighbours() throws Exception {
        store.put("reports/ab/one.jpg", "image/jpeg", new ByteArrayInputStream(new byte[] {1}));
        store.put("reports/cd/two.jpg", "image/jpeg", new ByteArrayInputStream(new byte[] {2}));
        assertTrue(store.delete("reports/ab/one.jpg"));
        assertFalse(Files.exists(root.resolve("reports/ab")));
        assertTrue(Files.isRegularFile(root.resolve("reports/cd/two.jpg")));
        assertTrue(store.delete("reports/cd/two.jpg"));
        assertTrue(Files.isDirectory(root), "the root stays");
        assertFalse(Files.exists(root.resolve("reports")));
        store.put("reports/ab/three.jpg", "image/jpeg", new ByteArrayInputStream(new byte[] {3}));
        assertTrue(store.open("reports/ab/three.jpg").isPresent(), "folders come back when needed");
    }

    @Test
    void aFolderIsNeitherOpenedNorDeletedAsAFile() throws Exception {
        store.put("reports/ab/one.jpg", "image/jpeg", new ByteArrayInputStream(new byte[] {1}));
        assertEquals(Optional.empty(), store.open("reports/ab"));
        assertFalse(store.delete("reports/ab"));
        assertTrue(Files.isRegularFile(root.resolve("reports/ab/one.jpg")));
    }

    @Test
    void rootIsCreatedWithItsParents() throws Exception {
        Path deep = parent.resolve("data/new/media");
        FileSystemMediaStore other = new FileSystemMediaStore();
        other.init(PluginConfig.of(Map.of("root", deep.toString())));
        assertTrue(Files.isDirectory(deep));
    }

    @Test
    void rootThatIsAFileIsReportedWithTheSettingsName() throws Exception {
        Path file = Files.writeString(parent.resolve("not-a-folder"), "x");
        PluginException e = assertThrows(PluginException.class,
                () -> new FileSystemMediaStore().init(PluginConfig.of(Map.of("root", file.toString()))));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("'root'") && e.getMessage().contains("is a file, not a folder"),
                e.getMessage());
    }

    @Test
    void rootDefaultsToMediaUnderTheWorkingDirectory() throws Exception {
        assertEquals(Path.of("").toAbsolutePath().resolve("media"), FileSystemMediaStore.rootOf(PluginConfig.empty()));
    }

    @Test
    void filesServedByTheServerHaveNoPublicAddress() throws Exception {
        store.put("reports/ab/one.jpg", "image/jpeg", new ByteArrayInputStream(new byte[] {1}));
        assertEquals(Optional.empty(), store.publicUrl("reports/ab/one.jpg"));
    }

    private static List<Path> filesUnder(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives some bytes, then fails as a dropped connection does. */
    private static final class BreakingStream extends InputStream {
        private int left;

        BreakingStream(int bytesBeforeFailing) {
            left = bytesBeforeFailing;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                throw new IOException("connection reset by peer");
            }
            int count = Math.min(length, Math.min(left, 4096));
            Arrays.fill(buffer, offset, offset + count, (byte) 7);
            left -= count;
            return count;
        }
    }
}
