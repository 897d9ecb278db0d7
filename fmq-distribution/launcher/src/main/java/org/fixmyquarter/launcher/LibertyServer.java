package org.fixmyquarter.launcher;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * Runs the unpacked Open Liberty server in this JVM, the way Liberty's own runnable jar does
 * (its kernel launcher, loaded from {@code bin/tools/ws-server.jar}), so that the process a
 * service manager started is the server: the signal it sends stops the server, and nothing is
 * left running behind it.
 */
public final class LibertyServer {

    private LibertyServer() {
    }

    /**
     * Starts the server and returns when it has stopped.
     *
     * @param wlp the unpacked runtime's {@code wlp} folder
     * @param serverName the server's name in it
     * @param logs where the server writes its logs
     * @param variables Liberty variables for this run, written to the server's
     *        {@code bootstrap.properties} (owner-only: it may hold the keystore password)
     * @throws Exception when the kernel cannot be loaded or fails
     */
    public static void run(Path wlp, String serverName, Path logs, Map<String, String> variables) throws Exception {
        Map<String, String> bootstrap = new LinkedHashMap<>(variables);
        bootstrap.put("com.ibm.ws.logging.log.directory", logs.toString());
        Path serverDir = wlp.resolve("usr/servers").resolve(serverName);
        if (!Files.isDirectory(serverDir)) {
            throw new IllegalStateException("The runtime " + wlp + " has no server " + serverName);
        }
        Files.createDirectories(logs);
        Path launcherJar = wlp.resolve("bin/tools/ws-server.jar");
        String mainClass;
        try (JarFile jar = new JarFile(launcherJar.toFile())) {
            mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
        }
        // The system class loader as parent: it holds Liberty's bootstrap agent, which the jar's
        // Launcher-Agent-Class started with the JVM and which the kernel asks for instrumentation.
        URLClassLoader loader = new URLClassLoader(new URL[] {launcherJar.toUri().toURL()},
                ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        System.setProperty("wlp.ignore.user.dir.from.env", "true");
        System.setProperty("user.dir", serverDir.toString());

        writeBootstrapProperties(serverDir.resolve("bootstrap.properties"), bootstrap);

        List<String> arguments = new ArrayList<>();
        arguments.add(serverName);
        Method main = loader.loadClass(mainClass).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) arguments.toArray(new String[0]));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /*
     * Not the command line (--NAME=value), which Liberty prints at start, password included. The
     * file lives in the unpacked runtime, rewritten at every start, so it never goes stale.
     */
    private static void writeBootstrapProperties(Path file, Map<String, String> variables) throws IOException {
        StringBuilder text = new StringBuilder("# Written by the FixMyQuarter launcher at every start; edits are lost.\n");
        variables.forEach((name, value) -> text.append(name).append('=')
                .append(value.replace("\\", "\\\\")).append('\n'));
        Path temporary = file.resolveSibling("bootstrap.properties.tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        DataFolder.ownerOnly(temporary);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
