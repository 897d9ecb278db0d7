package org.fixmyquarter.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The Open Liberty runtime that {@code fixmyquarter.jar} carries under {@code wlp/}, unpacked into
 * the data folder's {@code runtime/<id>} once per build of the jar and reused by every later start.
 * The id comes from the jar's manifest and changes with its content, so an upgraded jar unpacks a
 * fresh runtime and the folders of earlier versions are deleted. A runtime is used only once fully
 * unpacked: it is unpacked beside its final place and renamed last, so a start killed mid-way
 * leaves nothing half-written behind.
 */
public final class RuntimeImage {

    /** The manifest attribute naming the runtime inside the jar. */
    public static final String ID_ATTRIBUTE = "FixMyQuarter-Runtime-Id";

    /** Where the runtime sits in the jar. */
    static final String PREFIX = "wlp/";

    private RuntimeImage() {
    }

    /**
     * @param jar the jar
     * @return the id of the runtime the jar carries
     * @throws IOException when the jar cannot be read
     */
    public static String id(JarFile jar) throws IOException {
        String id = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue(ID_ATTRIBUTE);
        if (id == null || id.isBlank() || !id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalStateException(jar.getName() + " has no valid " + ID_ATTRIBUTE
                    + " in its manifest: it was not built by the FixMyQuarter build");
        }
        return id;
    }

    /**
     * Unpacks the runtime unless this id is already there, and deletes every other runtime.
     *
     * @param jar the jar carrying the runtime
     * @param id its id
     * @param runtimes the folder of runtimes
     * @return the unpacked {@code wlp} folder
     */
    public static Path prepare(JarFile jar, String id, Path runtimes) {
        Path home = runtimes.resolve(id);
        Path complete = home.resolve(".complete");
        try {
            Files.createDirectories(runtimes);
            if (!Files.exists(complete)) {
                long started = System.nanoTime();
                Path partial = Files.createTempDirectory(runtimes, ".unpacking-");
                unpack(jar, partial);
                Files.createFile(partial.resolve(".complete"));
                deleteTree(home);
                Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
                System.out.printf("[fixmyquarter] Unpacked the server runtime %s into %s in %.1f s%n", id, home,
                        (System.nanoTime() - started) / 1e9);
            }
            removeOthers(runtimes, home);
            return home.resolve("wlp");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the server runtime into " + home, e);
        }
    }

    private static void unpack(JarFile jar, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            if (!entry.getName().startsWith(PREFIX)) {
                continue;
            }
            Path path = root.resolve(entry.getName()).normalize();
            if (!path.startsWith(root)) {
                throw new IOException("Refusing the jar entry " + entry.getName() + ": it points outside the runtime");
            }
            if (entry.isDirectory()) {
                Files.createDirectories(path);
                continue;
            }
            Files.createDirectories(path.getParent());
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, path);
            }
            if (entry.getName().startsWith(PREFIX + "bin/") && !entry.getName().endsWith(".jar")
                    && !entry.getName().endsWith(".bat") && !entry.getName().endsWith(".exe")) {
                // Liberty's own scripts, for an operator who wants server dump or securityUtility.
                path.toFile().setExecutable(true, true);
            }
        }
    }

    private static void removeOthers(Path runtimes, Path keep) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(runtimes)) {
            for (Path child : children) {
                // Only what this class made (FMQ_RUNTIME_DIR may name a folder that holds more):
                // runtimes, which hold wlp/, and the leftovers of an interrupted unpacking.
                if (!child.equals(keep) && (Files.isDirectory(child.resolve("wlp"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || child.getFileName().toString().startsWith(".unpacking-"))) {
                    deleteTree(child);
                }
            }
        } catch (IOException e) {
            System.out.println("[fixmyquarter] Could not delete an earlier runtime in " + runtimes + ": " + e);
        }
    }

    /**
     * Deletes a folder and what it holds, if it exists; links are deleted, never followed.
     *
     * @param root the folder
     * @throws IOException when something cannot be deleted
     */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
