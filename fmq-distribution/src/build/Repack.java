import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Build step (run as a single-file program: java Repack.java ...): turns the runnable jar Liberty
 * packages into fixmyquarter.jar, whose main class is the FixMyQuarter launcher.
 *
 * <p>Keeps Liberty's runtime and its manifest (the JVM flags and the launcher agent Liberty needs),
 * adds the launcher's classes, and names the runtime by a digest of its content, so the launcher
 * unpacks it once per build. Leaves out what a server writes while it runs; fails on keys,
 * keystores and databases, which must never ship. Entry times are fixed: the same input gives the
 * same jar, from any folder.
 *
 * <p>Arguments: the Liberty jar, the launcher jar, the version, the jar to write.
 */
public final class Repack {

    /** Written by a server as it runs: never part of what ships. */
    private static final Pattern TRANSIENT = Pattern.compile(
            "wlp/usr/servers/[^/]+/(workarea|logs|dropins/.*\\.tmp)(/.*)?|wlp/usr/servers/[^/]+/server\\.env");

    /** Secrets and data: a build that would ship them is broken, so it fails. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "wlp/usr/servers/[^/]+/(data|keys|tls|plugins/.+\\.jar|resources/security)(/.*)?|.*\\.(p12|jks|pem|mv\\.db|trace\\.db)|.*/ltpa\\.keys");

    private static final long FIXED_TIME = 315_532_800_000L + 86_400_000L; // 1980-01-02, valid in every zip reader

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: Repack <liberty jar> <launcher jar> <version> <output jar>");
        }
        Path liberty = Path.of(args[0]);
        Path launcher = Path.of(args[1]);
        String version = args[2];
        Path output = Path.of(args[3]);
        Path temporary = output.resolveSibling(output.getFileName() + ".tmp");
        List<String> dropped = new ArrayList<>();
        try (JarFile runtime = new JarFile(liberty.toFile()); JarFile classes = new JarFile(launcher.toFile())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<JarEntry> kept = new ArrayList<>();
            for (Enumeration<JarEntry> e = runtime.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (name.equals("META-INF/MANIFEST.MF") || name.equals("META-INF/")) {
                    continue;
                }
                if (FORBIDDEN.matcher(name).matches()) {
                    throw new IllegalStateException("The packaged server holds " + name
                            + ": keys, keystores and databases must never ship (was the package server reused?)");
                }
                if (TRANSIENT.matcher(name).matches()) {
                    dropped.add(name);
                    continue;
                }
                kept.add(entry);
                digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = runtime.getInputStream(entry)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) > 0;) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
            String runtimeId = version + "-" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);

            Manifest manifest = new Manifest(runtime.getManifest());
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MAIN_CLASS, "org.fixmyquarter.launcher.Main");
            main.put(Attributes.Name.IMPLEMENTATION_TITLE, "FixMyQuarter");
            main.put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            main.putValue("FixMyQuarter-Runtime-Id", runtimeId);

            try (OutputStream file = Files.newOutputStream(temporary); JarOutputStream jar = new JarOutputStream(file)) {
                JarEntry manifestEntry = new JarEntry("META-INF/MANIFEST.MF");
                manifestEntry.setTime(FIXED_TIME);
                jar.putNextEntry(manifestEntry);
                manifest.write(jar);
                jar.closeEntry();
                for (Enumeration<JarEntry> e = classes.entries(); e.hasMoreElements();) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().startsWith("org/fixmyquarter/launcher/")) {
                        copy(classes, entry, jar);
                    }
                }
                for (JarEntry entry : kept) {
                    copy(runtime, entry, jar);
                }
            }
            Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("[Repack] " + output + ": runtime " + runtimeId + ", " + kept.size() + " entries; left out "
                    + (dropped.isEmpty() ? "nothing" : dropped));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void copy(JarFile from, JarEntry entry, JarOutputStream to) throws IOException {
        JarEntry copy = new JarEntry(entry.getName());
        copy.setTime(FIXED_TIME);
        to.putNextEntry(copy);
        if (!entry.isDirectory()) {
            try (InputStream in = from.getInputStream(entry)) {
                in.transferTo(to);
            }
        }
        to.closeEntry();
    }
}
