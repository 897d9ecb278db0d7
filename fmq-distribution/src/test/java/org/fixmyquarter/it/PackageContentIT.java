package org.fixmyquarter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What ships holds no state of the machine that built it: no key, keystore, password, database,
 * log or plugin, in the runnable jar, in the archives, or in the web application inside them. The
 * archives hold exactly the documented files, the script executable; the systemd unit passes
 * {@code systemd-analyze verify}.
 */
// Only in the it-lifecycle pass, which names what it tests; -Dit.test would run it in every pass.
@EnabledIfSystemProperty(named = "fmq.it.lifecycle.jar", matches = ".+")
class PackageContentIT {

    private static final Path JAR = Path.of(System.getProperty("fmq.it.lifecycle.jar", ""));
    private static final Path TAR = Path.of(System.getProperty("fmq.it.lifecycle.archive", ""));
    private static final Path ZIP = Path.of(System.getProperty("fmq.it.lifecycle.zip", ""));

    /** State a server writes as it runs; none of it may ship. */
    private static final Pattern STATE = Pattern.compile("(?i).*(/keys/|/tls/|/data/|/workarea/|/logs/|/tranlog/|"
            + "/resources/security/|\\.p12$|\\.jks$|\\.pem$|ltpa\\.keys$|\\.mv\\.db$|\\.trace\\.db$|server\\.env$|"
            + "bootstrap\\.properties$|\\.log$|keystore\\.password$|fixmyquarter\\.lock$)");

    private static final Set<String> ARCHIVE_FILES = Set.of("README.md", "bin/fixmyquarter", "lib/fixmyquarter.jar",
            "conf/fixmyquarter.conf", "plugins/README.md", "data/README.md", "logs/README.md",
            "systemd/fixmyquarter.service", "monitoring/fmq-alerts.yml", "monitoring/fmq-alerts.test.yml",
            "monitoring/fmq-dashboard.json");

    @Test
    void theJarHoldsTheRuntimeAndTheLauncherButNoState() throws IOException {
        List<String> state = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Manifest manifest = jar.getManifest();
            assertEquals("org.fixmyquarter.launcher.Main", manifest.getMainAttributes().getValue("Main-Class"));
            assertTrue(manifest.getMainAttributes().getValue("FixMyQuarter-Runtime-Id").matches("[A-Za-z0-9.-]+-[0-9a-f]{16}"),
                    "a runtime id that changes with the content");
            jar.stream().map(ZipEntry::getName).filter(name -> STATE.matcher("/" + name).matches()).forEach(state::add);
            jar.stream().filter(e -> e.getName().matches("wlp/usr/servers/[^/]+/plugins/.+")).map(ZipEntry::getName)
                    .forEach(state::add);
            assertTrue(jar.getEntry("wlp/usr/servers/fmq/server.xml") != null, "the server's configuration ships");
            String serverXml = new String(jar.getInputStream(jar.getEntry("wlp/usr/servers/fmq/server.xml")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(!serverXml.contains("{xor}") && !serverXml.contains("{aes}"), "no encoded password in server.xml");
            state.addAll(stateInWar(jar));
        }
        assertEquals(List.of(), state, "runtime state inside " + JAR);
    }

    @Test
    void theArchivesHoldExactlyTheDocumentedFiles() throws Exception {
        String root = "fixmyquarter-" + version() + "/";
        Set<String> tarFiles = new TreeSet<>();
        boolean scriptExecutable = false;
        for (String line : run("tar", "-tvzf", TAR.toAbsolutePath().toString())) {
            String[] columns = line.trim().split("\\s+");
            String name = columns[columns.length - 1];
            if (name.endsWith("/")) {
                continue;
            }
            assertTrue(name.startsWith(root), name + " is under " + root);
            tarFiles.add(name.substring(root.length()));
            if (name.equals(root + "bin/fixmyquarter")) {
                scriptExecutable = columns[0].matches("-rwx.*");
            }
        }
        assertEquals(new TreeSet<>(ARCHIVE_FILES), tarFiles, "the .tar.gz's files");
        assertTrue(scriptExecutable, "bin/fixmyquarter is executable in the .tar.gz");

        Set<String> zipFiles = new TreeSet<>();
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            zip.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName)
                    .forEach(name -> zipFiles.add(name.substring(root.length())));
            ZipEntry packed = zip.getEntry(root + "lib/fixmyquarter.jar");
            assertEquals(Files.size(JAR), packed.getSize(), "the .zip carries the same jar");
        }
        assertEquals(new TreeSet<>(ARCHIVE_FILES), zipFiles, "the .zip's files");
    }

    @Test
    void theSystemdUnitPassesSystemdAnalyzeVerify() throws Exception {
        Path systemdAnalyze = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(systemdAnalyze)) {
            String message = "systemd-analyze is missing (Debian package systemd): the unit cannot be checked";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            org.junit.jupiter.api.Assumptions.abort(message);
        }
        // The unit names /opt/fixmyquarter, which verify checks exists: point it at an unpacked copy.
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "fmq-unit-");
        run("tar", "-xzf", TAR.toAbsolutePath().toString(), "-C", dir.toString());
        Path home = dir.resolve("fixmyquarter-" + version());
        String unit = Files.readString(home.resolve("systemd/fixmyquarter.service"))
                .replace("/opt/fixmyquarter", home.toString());
        assertTrue(unit.contains("Restart=on-failure") && unit.contains("User=fixmyquarter")
                && unit.contains("NoNewPrivileges=yes"), "restarts on failure, as a user of its own, hardened");
        Path copy = dir.resolve("fixmyquarter.service");
        Files.writeString(copy, unit);
        List<String> output = run(systemdAnalyze.toString(), "verify", copy.toString());
        // verify exits 0 even for an unknown key or a bad value; any line about the unit is a defect.
        List<String> aboutUnit = output.stream().filter(line -> line.contains("fixmyquarter.service")).toList();
        assertEquals(List.of(), aboutUnit, String.join("\n", output));
    }

    private static List<String> stateInWar(JarFile jar) throws IOException {
        ZipEntry war = jar.getEntry("wlp/usr/servers/fmq/apps/fmq-api.war");
        if (war == null) {
            return List.of("no fmq-api.war in the jar");
        }
        Path copy = Files.createTempFile("fmq-api", ".war");
        try {
            Files.copy(jar.getInputStream(war), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (ZipFile zip = new ZipFile(copy.toFile())) {
                return zip.stream().map(ZipEntry::getName).filter(name -> STATE.matcher("/" + name).matches())
                        .map(name -> "fmq-api.war!" + name).toList();
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static String version() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }

    private static List<String> run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0) {
            fail(String.join(" ", command) + " exited with " + status + ":\n" + output);
        }
        return output.isEmpty() ? Collections.emptyList() : List.of(output.split("\n"));
    }
}
