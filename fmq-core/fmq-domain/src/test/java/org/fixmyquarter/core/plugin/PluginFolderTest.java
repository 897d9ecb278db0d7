package org.fixmyquarter.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;

import org.fixmyquarter.spi.Plugin;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.notification.NotificationChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protects what an administrator gets from the {@code plugins/} folder: a dropped-in jar (or a
 * sub-folder of jars) becomes an active plugin labelled with its path; a broken jar is listed as
 * failed with a reason while the server still starts; and a plugin sees the SPI as the server's
 * very own classes but nothing else of the server.
 *
 * <p>The plugins are compiled here from the sources below, in a package of their own: the test
 * classes are patched into the core's module, so a plugin class taken from them would be a class
 * the server already has, not one only the jar holds.
 */
class PluginFolderTest {

    private static final String PACKAGE = "org.acme.fmqtest";
    private static final String CHANNEL_SERVICES = "META-INF/services/" + NotificationChannel.class.getName();
    private static final String CONSTRUCTOR_MESSAGE = "licence file /etc/acme/licence.key is missing";

    private static final Map<String, String> SOURCES = Map.of(
            "FolderChannel", """
                    package org.acme.fmqtest;

                    import java.io.IOException;
                    import java.io.UncheckedIOException;
                    import java.nio.file.Files;
                    import java.nio.file.Path;
                    import org.fixmyquarter.spi.*;
                    import org.fixmyquarter.spi.notification.*;

                    /** Shares no static state with the test, so it reports close() in a file. */
                    public class FolderChannel implements NotificationChannel {
                        private Path closeMarker;

                        public PluginDescriptor descriptor() {
                            return new PluginDescriptor("folder-channel", "2.3.1", SpiVersion.VERSION);
                        }

                        public void init(PluginConfig config) {
                            closeMarker = config.get("close-marker").map(Path::of).orElse(null);
                        }

                        public void deliver(Notification notification) {
                        }

                        public void close() {
                            try {
                                if (closeMarker != null) Files.writeString(closeMarker, "closed");
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }
                    """,
            "BrokenConstructorChannel", """
                    package org.acme.fmqtest;

                    import org.fixmyquarter.spi.*;
                    import org.fixmyquarter.spi.notification.*;

                    public class BrokenConstructorChannel implements NotificationChannel {
                        public BrokenConstructorChannel() {
                            throw new IllegalStateException("%s");
                        }

                        public PluginDescriptor descriptor() {
                            return new PluginDescriptor("broken-constructor", "1", SpiVersion.VERSION);
                        }

                        public void deliver(Notification notification) {
                        }
                    }
                    """.formatted(CONSTRUCTOR_MESSAGE),
            "NeedsHelperChannel", """
                    package org.acme.fmqtest;

                    import org.fixmyquarter.spi.*;
                    import org.fixmyquarter.spi.notification.*;

                    /** Cannot even be created without HelperText, which ships in another jar. */
                    public class NeedsHelperChannel implements NotificationChannel {
                        private final String id = HelperText.pluginId();

                        public PluginDescriptor descriptor() {
                            return new PluginDescriptor(id, "1", SpiVersion.VERSION);
                        }

                        public void deliver(Notification notification) {
                        }
                    }
                    """,
            "HelperText", """
                    package org.acme.fmqtest;

                    public final class HelperText {
                        public static String pluginId() {
                            return "needs-helper";
                        }
                    }
                    """);

    @TempDir
    static Path compiled;

    @TempDir
    Path plugins;

    @BeforeAll
    static void compilePlugins() throws IOException, URISyntaxException {
        Path sources = Files.createDirectories(compiled.resolve("src"));
        List<String> args = new ArrayList<>(List.of("-d", compiled.resolve("classes").toString(), "--release", "17",
                "-proc:none", "-cp", Path.of(Plugin.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString()));
        for (Map.Entry<String, String> source : SOURCES.entrySet()) {
            Path file = sources.resolve(source.getKey() + ".java");
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("needs a JDK"));
        StringWriter log = new StringWriter();
        int status = javac.run(new PrintWriter(log), new PrintWriter(log), args.toArray(String[]::new));
        assertEquals(0, status, log::toString);
    }

    @Test
    void jarInTheFolderBecomesAnActivePluginLabelledWithItsPath() throws IOException {
        pluginJar(plugins.resolve("acme-channel.jar"), "FolderChannel");

        try (PluginRegistry registry = PluginRegistry.builder().folder(plugins).build()) {
            PluginInfo info = single(registry);
            assertEquals(PluginState.ACTIVE, info.state(), info::toString);
            assertEquals("folder-channel", info.id());
            assertEquals("plugins/acme-channel.jar", info.source());
            assertEquals(PluginKind.NOTIFICATION_CHANNEL, info.kind());
            assertEquals("2.3.1", info.version());
            assertEquals(PACKAGE + ".FolderChannel", info.className());
            assertEquals(1, registry.active(NotificationChannel.class).size());
        }
    }

    @Test
    void constructorThatThrowsFailsThatPluginOnlyAndShowsWhy() throws IOException {
        pluginJar(plugins.resolve("a-broken.jar"), "BrokenConstructorChannel");
        pluginJar(plugins.resolve("b-good.jar"), "FolderChannel");

        try (PluginRegistry registry = PluginRegistry.builder().folder(plugins).build()) {
            PluginInfo broken = bySource(registry, "plugins/a-broken.jar");
            assertEquals(PluginState.FAILED, broken.state());
            assertEquals(PACKAGE + ".BrokenConstructorChannel", broken.className());
            assertTrue(broken.lastError().contains(CONSTRUCTOR_MESSAGE), broken::lastError);
            // The server starts regardless, with the other plugins working.
            assertEquals(PluginState.ACTIVE, bySource(registry, "plugins/b-good.jar").state());
            assertEquals(1, registry.active(NotificationChannel.class).size());
        }
    }

    @Test
    void servicesFileNamingAClassTheJarLacksFails() throws IOException {
        jar(plugins.resolve("typo.jar"), Map.of(CHANNEL_SERVICES, bytes(PACKAGE + ".MisspeltChannel\n")));

        try (PluginRegistry registry = PluginRegistry.builder().folder(plugins).build()) {
            PluginInfo info = single(registry);
            assertEquals(PluginState.FAILED, info.state());
            assertEquals("plugins/typo.jar", info.source());
            assertTrue(info.lastError().contains(PACKAGE + ".MisspeltChannel"), info::lastError);
            assertEquals(List.of(), registry.active(NotificationChannel.class));
        }
    }

    @Test
    void jarWithoutServicesIsListedAsNoPluginFound() throws IOException {
        jar(plugins.resolve("just-a-library.jar"), classes("HelperText"));

        try (PluginRegistry registry = PluginRegistry.builder().folder(plugins).build()) {
            PluginInfo info = single(registry);
            assertEquals(PluginState.FAILED, info.state());
            assertEquals("just-a-library", info.id());
            assertEquals("plugins/just-a-library.jar", info.source());
            assertTrue(info.lastError().startsWith("no plugin found"), info::lastError);
        }
    }

    @Test
    void subFolderSharesOneClassLoaderBetweenThePluginAndItsLibrary() throws IOException {
        Path folder = Files.createDirectory(plugins.resolve("needs-helper"));
        pluginJar(folder.resolve("plugin.jar"), "NeedsHelperChannel");
        jar(folder.resolve("helper-lib.jar"), classes("HelperText"));

        try (PluginRegistry registry = PluginRegistry.builder().folder(plugins).build()) {
            PluginInfo info = single(registry);
            assertEquals(PluginState.ACTIVE, info.state(), info::toString);
            assertEquals("needs-helper", info.id());
            assertEquals("plugins/needs-helper", info.source());
        }
    }

    @Test
    void pluginWithoutTheLibraryItNeedsFailsNamingTheMissingClass() throws IOException {
        // The counterpart of the sub-folder test: proves the helper jar really is what made it work.
        pluginJar(plugins.resolve("needs-helper.jar"), "NeedsHelperChannel");

        try (PluginRegistry registry = PluginRegistry.builder().folder(plugins).build()) {
            PluginInfo info = single(registry);
            assertEquals(PluginState.FAILED, info.state());
            assertTrue(info.lastError().contains("a class it needs is missing: org/acme/fmqtest/HelperText"),
                    info::lastError);
        }
    }

    @Test
    void pluginSeesTheServersOwnSpiClassesAndThePlatform() throws Exception {
        pluginJar(plugins.resolve("acme-channel.jar"), "FolderChannel");

        try (PluginRegistry registry = PluginRegistry.builder().folder(plugins).build()) {
            ClassLoader loader = registry.active(NotificationChannel.class).get(0).getClass().getClassLoader();

            // The very same Class objects, or the plugin would not be an instance of the server's interfaces.
            assertSame(Plugin.class, loader.loadClass(Plugin.class.getName()));
            assertSame(NotificationChannel.class, loader.loadClass(NotificationChannel.class.getName()));
            assertSame(ReportEvent.class, loader.loadClass(ReportEvent.class.getName()));
            assertNotNull(loader.loadClass("java.sql.Connection"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass(Test.class.getName()),
                    "a library on the server's class path must stay invisible");
        }
    }

    @Test
    void pluginCannotSeeTheServersModules() throws Exception {
        pluginJar(plugins.resolve("acme-channel.jar"), "FolderChannel");

        try (PluginRegistry registry = PluginRegistry.builder().folder(plugins).build()) {
            ClassLoader loader = registry.active(NotificationChannel.class).get(0).getClass().getClassLoader();

            assertThrows(ClassNotFoundException.class, () -> loader.loadClass(PluginRegistry.class.getName()));
            // A plugin bundling its own jakarta.json would silently get the server's version instead.
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("jakarta.json.JsonObject"));
        }
    }

    @Test
    void closeClosesFolderPluginsButNotExplicitOnes() throws IOException {
        pluginJar(plugins.resolve("acme-channel.jar"), "FolderChannel");
        Path marker = plugins.resolve("closed.txt");
        PluginRegistryTest.Channel explicit = new PluginRegistryTest.Channel("embedder-channel");

        PluginRegistry registry = PluginRegistry.builder()
                .config(PluginConfigSource.of(Map.of("fmq.plugin.folder-channel.close-marker", marker.toString())))
                .folder(plugins)
                .add(explicit)
                .build();
        assertEquals(2, registry.active(NotificationChannel.class).size(), registry.plugins()::toString);
        ClassLoader folderLoader = registry.active(NotificationChannel.class).stream()
                .filter(p -> p != explicit).findFirst().orElseThrow().getClass().getClassLoader();
        assertNotNull(folderLoader.getResource(CHANNEL_SERVICES));

        registry.close();

        assertTrue(Files.exists(marker), "the plugin loaded from the folder must be closed");
        assertFalse(explicit.closed, "the embedding program owns its plugin and closes it itself");
        assertNull(folderLoader.getResource(CHANNEL_SERVICES), "the folder's jars must be released");
    }

    @Test
    void missingFolderGivesNoPlugins() {
        try (PluginRegistry registry = PluginRegistry.builder().folder(plugins.resolve("absent")).build()) {
            assertEquals(List.of(), registry.plugins());
        }
    }

    @Test
    void filesOtherThanJarsAreIgnored() throws IOException {
        Files.writeString(plugins.resolve("README.txt"), "drop plugin jars here");
        Files.createDirectory(plugins.resolve("empty"));

        try (PluginRegistry registry = PluginRegistry.builder().folder(plugins).build()) {
            assertEquals(List.of(), registry.plugins());
        }
    }

    private static PluginInfo single(PluginRegistry registry) {
        List<PluginInfo> all = registry.plugins();
        assertEquals(1, all.size(), all::toString);
        return all.get(0);
    }

    private static PluginInfo bySource(PluginRegistry registry, String source) {
        return registry.plugins().stream().filter(p -> p.source().equals(source)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing from " + source + " in " + registry.plugins()));
    }

    /** A jar holding one compiled plugin class, named in its extension point's services file. */
    private static void pluginJar(Path file, String simpleName) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(CHANNEL_SERVICES, bytes("# a comment, as real files have\n" + PACKAGE + "." + simpleName + "\n"));
        entries.putAll(classes(simpleName));
        jar(file, entries);
    }

    private static Map<String, byte[]> classes(String... simpleNames) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String name : simpleNames) {
            String entry = PACKAGE.replace('.', '/') + "/" + name + ".class";
            entries.put(entry, Files.readAllBytes(compiled.resolve("classes").resolve(entry)));
        }
        return entries;
    }

    private static void jar(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
