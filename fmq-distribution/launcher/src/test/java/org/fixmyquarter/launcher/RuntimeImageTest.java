package org.fixmyquarter.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeImageTest {

    @TempDir
    Path temp;

    @Test
    void theRuntimeIsUnpackedOnceAndReused() throws IOException {
        Path runtimes = temp.resolve("data/runtime");
        Path jar = jar("1.0-aaaa", Map.of("wlp/bin/tools/ws-server.jar", "kernel", "wlp/usr/servers/fmq/server.xml",
                "<server/>"));
        Path wlp;
        try (JarFile file = new JarFile(jar.toFile())) {
            wlp = RuntimeImage.prepare(file, RuntimeImage.id(file), runtimes);
        }
        assertEquals(runtimes.resolve("1.0-aaaa/wlp"), wlp);
        assertEquals("<server/>", Files.readString(wlp.resolve("usr/servers/fmq/server.xml")));
        // What the server writes in its runtime (its work area) stays for the next start.
        Files.writeString(wlp.resolve("usr/servers/fmq/cache"), "warm");
        try (JarFile file = new JarFile(jar.toFile())) {
            RuntimeImage.prepare(file, RuntimeImage.id(file), runtimes);
        }
        assertEquals("warm", Files.readString(wlp.resolve("usr/servers/fmq/cache")), "reused, not unpacked again");
    }

    @Test
    void anotherBuildReplacesTheRuntimeAndLeftoversAreDeleted() throws IOException {
        Path runtimes = temp.resolve("data/runtime");
        try (JarFile file = new JarFile(jar("1.0-aaaa", Map.of("wlp/a", "old")).toFile())) {
            RuntimeImage.prepare(file, RuntimeImage.id(file), runtimes);
        }
        // A start killed while unpacking, and a runtime without its completion mark.
        Files.createDirectories(runtimes.resolve(".unpacking-123/wlp"));
        Files.createDirectories(runtimes.resolve("1.1-bbbb/wlp"));
        Files.writeString(runtimes.resolve("1.1-bbbb/wlp/half"), "half");
        try (JarFile file = new JarFile(jar("1.1-bbbb", Map.of("wlp/a", "new")).toFile())) {
            RuntimeImage.prepare(file, RuntimeImage.id(file), runtimes);
        }
        assertEquals(List.of(runtimes.resolve("1.1-bbbb")), list(runtimes));
        assertEquals("new", Files.readString(runtimes.resolve("1.1-bbbb/wlp/a")));
        assertFalse(Files.exists(runtimes.resolve("1.1-bbbb/wlp/half")), "an incomplete runtime is unpacked anew");
    }

    @Test
    void aSharedScratchFolderKeepsWhatIsNotARuntime() throws IOException {
        // FMQ_RUNTIME_DIR=/tmp: the JVM's and other programs' files there are not ours to delete.
        Path scratch = temp.resolve("tmp");
        Files.createDirectories(scratch.resolve("hsperfdata_fmq"));
        Files.writeString(scratch.resolve("upload.tmp"), "someone's");
        try (JarFile file = new JarFile(jar("1.0-aaaa", Map.of("wlp/a", "x")).toFile())) {
            RuntimeImage.prepare(file, RuntimeImage.id(file), scratch);
        }
        assertEquals(java.util.Set.of(scratch.resolve("1.0-aaaa"), scratch.resolve("hsperfdata_fmq"),
                scratch.resolve("upload.tmp")), java.util.Set.copyOf(list(scratch)));
    }

    @Test
    void anEntryPointingOutsideTheRuntimeIsRefused() throws IOException {
        Path jar = jar("1.0-aaaa", Map.of("wlp/../../escaped", "x"));
        try (JarFile file = new JarFile(jar.toFile())) {
            UncheckedIOException refused = assertThrows(UncheckedIOException.class,
                    () -> RuntimeImage.prepare(file, RuntimeImage.id(file), temp.resolve("runtime")));
            assertTrue(refused.getCause().getMessage().contains("points outside the runtime"));
        }
        assertFalse(Files.exists(temp.resolve("escaped")));
    }

    @Test
    void aJarWithoutARuntimeIdIsNotOurs() throws IOException {
        Path jar = jar(null, Map.of("wlp/a", "x"));
        try (JarFile file = new JarFile(jar.toFile())) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> RuntimeImage.id(file));
            assertTrue(refused.getMessage().contains("FixMyQuarter-Runtime-Id"));
        }
    }

    private Path jar(String id, Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (id != null) {
            manifest.getMainAttributes().putValue(RuntimeImage.ID_ATTRIBUTE, id);
        }
        Path jar = Files.createTempFile(temp, "fixmyquarter", ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream stream = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                stream.putNextEntry(new JarEntry(entry.getKey()));
                stream.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                stream.closeEntry();
            }
        }
        return jar;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.toList();
        }
    }
}
