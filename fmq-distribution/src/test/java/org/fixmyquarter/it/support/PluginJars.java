package org.fixmyquarter.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Fills the plugins folder of the integration-test servers, before they start: the example
 * connector built from {@code examples/connector-plugin}, a working file channel, a city's
 * category pack, and three
 * broken plugins (constructor throws, another SPI major version, a missing library), each jar
 * packed from the compiled test classes with only the classes it should have.
 *
 * <p>Arguments: test classes folder, example connector jar, plugins folder to fill.
 */
public final class PluginJars {

    private static final String PACKAGE = "org/fixmyquarter/it/plugins/";

    private PluginJars() {
    }

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        Path exampleJar = Path.of(args[1]);
        Path folder = Path.of(args[2]);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> old = Files.list(folder)) {
                for (Path path : old.toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(folder);
        if (!Files.isRegularFile(exampleJar)) {
            throw new IllegalStateException("The example connector was not built: " + exampleJar
                    + " is missing (the invoker run of examples/ must come first)");
        }
        Files.copy(exampleJar, folder.resolve(exampleJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        String channel = "org.fixmyquarter.spi.notification.NotificationChannel";
        String connector = "org.fixmyquarter.spi.helpdesk.HelpdeskConnector";
        jar(classes, folder.resolve("it-file-channel.jar"), channel, "FileChannel");
        jar(classes, folder.resolve("city-categories.jar"), "org.fixmyquarter.spi.category.CategoryProvider",
                "CityCategoryPack");
        jar(classes, folder.resolve("broken-constructor.jar"), channel, "ThrowingConstructorChannel");
        jar(classes, folder.resolve("future-spi.jar"), channel, "FutureSpiChannel");
        // MissingLibrary stays out of this jar: that is the point.
        jar(classes, folder.resolve("missing-dependency.jar"), connector, "MissingDependencyConnector");
        System.out.println("[PluginJars] plugins folder ready: " + folder);
    }

    private static void jar(Path classes, Path target, String service, String simpleName) throws IOException {
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(file)) {
            String classFile = PACKAGE + simpleName + ".class";
            jar.putNextEntry(new JarEntry(classFile));
            jar.write(Files.readAllBytes(classes.resolve(classFile)));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("META-INF/services/" + service));
            jar.write((PACKAGE.replace('/', '.') + simpleName + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        System.out.println("[PluginJars] wrote " + target.getFileName());
    }
}
