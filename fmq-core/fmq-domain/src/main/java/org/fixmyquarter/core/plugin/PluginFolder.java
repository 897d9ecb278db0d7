package org.fixmyquarter.core.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.fixmyquarter.core.internal.SpiOnlyClassLoader;
import org.fixmyquarter.spi.Plugin;

/**
 * The server's {@code plugins/} folder: each {@code .jar} directly in it is one plugin with a class
 * loader of its own; each sub-folder is one plugin whose jars (the plugin and the libraries it
 * needs) share a class loader. Other files are ignored. A plugin sees the Java platform, the SPI
 * and its own jars, nothing else of the server.
 */
final class PluginFolder {

    /** How the admin list labels the source of a plugin from the folder: {@code plugins/<name>}. */
    static final String LABEL_PREFIX = "plugins/";

    /** One plugin's jars, opened. */
    record Source(String label, URLClassLoader loader) {
    }

    private PluginFolder() {
    }

    static List<Source> open(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        ClassLoader parent = new SpiOnlyClassLoader(Plugin.class.getClassLoader());
        List<Source> sources = new ArrayList<>();
        for (Path entry : list(folder)) {
            String label = LABEL_PREFIX + entry.getFileName();
            List<Path> jars = Files.isDirectory(entry) ? list(entry).stream().filter(PluginFolder::isJar)
                    .collect(Collectors.toList()) : isJar(entry) ? List.of(entry) : List.of();
            if (!jars.isEmpty()) {
                sources.add(new Source(label, new URLClassLoader("plugin:" + entry.getFileName(), urls(jars), parent)));
            }
        }
        return sources;
    }

    private static boolean isJar(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the plugins folder " + folder, e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(jars.get(i) + " has no URL", e);
            }
        }
        return urls;
    }
}
