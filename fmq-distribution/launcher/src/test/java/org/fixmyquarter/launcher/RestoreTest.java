package org.fixmyquarter.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestoreTest {

    private static final String PROPERTIES = "# A backup of a FixMyQuarter data folder.\nformat=1\nschema.version=12\n"
            + "database.product=H2\ncreated=2026-12-06T07\\:04\\:42Z\n";

    /** Stands for H2: the "database" it makes is the script's text, where H2 would put its file. */
    private static final DatabaseScript.Loader COPY = (script, database) ->
            Files.copy(script, database.resolveSibling(database.getFileName() + ".mv.db"));

    @TempDir
    Path temp;

    /** The entries of a backup in the order the server writes them: properties, database, files. */
    private static Map<String, String> backup() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("fixmyquarter-backup.properties", PROPERTIES);
        entries.put("db/fmq.sql", "database");
        entries.put("README.txt", "notes");
        entries.put("keys/jwt-private.pem", "private key");
        entries.put("plugins/connector/connector.jar", "jar");
        entries.put("tls/key.p12", "keystore");
        entries.put("tls/keystore.password", "secret");
        return entries;
    }

    private Path zip(Map<String, String> entries) throws IOException {
        Path zip = Files.createTempFile(temp, "fixmyquarter-backup-", ".zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** @return what the parent folder holds besides the zips: no staging folder may be left */
    private List<String> besideTheZips() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".zip")).sorted().toList();
        }
    }

    @Test
    void restoresEveryFileIntoANewDataFolderWithPrivateKeys() throws IOException {
        Path data = temp.resolve("data");
        Restore.restore(zip(backup()), data, COPY);

        assertEquals("database", Files.readString(data.resolve("db/fmq.mv.db")));
        assertFalse(Files.exists(data.resolve("db/fmq.sql")), "the script is loaded, not kept");
        assertEquals("private key", Files.readString(data.resolve("keys/jwt-private.pem")));
        assertEquals("jar", Files.readString(data.resolve("plugins/connector/connector.jar")));
        assertEquals("secret", Files.readString(data.resolve("tls/keystore.password")));
        assertEquals("notes", Files.readString(data.resolve("README.txt")));
        assertFalse(Files.exists(data.resolve("fixmyquarter-backup.properties")), "the backup's own description");
        if (posix()) {
            for (String secret : List.of("keys/jwt-private.pem", "tls/key.p12", "tls/keystore.password")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        data.resolve(secret))), secret);
            }
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys"))));
        }
        assertEquals(List.of("data"), besideTheZips());
    }

    @Test
    void restoresIntoAFolderOfEmptyFolders() throws IOException {
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("logs"));
        Files.createDirectories(data.resolve("keys"));
        Restore.restore(zip(backup()), data, COPY);
        assertEquals("private key", Files.readString(data.resolve("keys/jwt-private.pem")));
        assertEquals("database", Files.readString(data.resolve("db/fmq.mv.db")));
        assertFalse(Files.exists(data.resolve("logs")), "the empty folders gave way");
        assertEquals(List.of("data"), besideTheZips());
    }

    @Test
    void refusesAFolderWithADatabaseEvenAnEmptyOne() throws IOException {
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("db"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Restore.restore(zip(backup()), data, COPY));
        assertTrue(refused.getMessage().contains("db/"), refused.getMessage());
        assertEquals(List.of("data"), besideTheZips());
    }

    @Test
    void refusesAFolderWithAnyFileAndLeavesItAlone() throws IOException {
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("keys"));
        Files.writeString(data.resolve("keys/jwt-private.pem"), "the live key");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Restore.restore(zip(backup()), data, COPY));
        assertTrue(refused.getMessage().contains("not empty"), refused.getMessage());
        assertEquals("the live key", Files.readString(data.resolve("keys/jwt-private.pem")));
        assertFalse(Files.exists(data.resolve("db")));
    }

    @Test
    void refusesAZipWithoutItsProperties() throws IOException {
        Map<String, String> entries = backup();
        entries.remove("fixmyquarter-backup.properties");
        Path data = temp.resolve("data");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Restore.restore(zip(entries), data, COPY));
        assertTrue(refused.getMessage().contains("fixmyquarter-backup.properties"), refused.getMessage());
        assertFalse(Files.exists(data));
    }

    @Test
    void refusesAnotherFormat() throws IOException {
        Map<String, String> entries = backup();
        entries.put("fixmyquarter-backup.properties", "format=2\n");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Restore.restore(zip(entries), temp.resolve("data"), COPY));
        assertTrue(refused.getMessage().contains("format 2"), refused.getMessage());
        assertFalse(Files.exists(temp.resolve("data")));
    }

    @Test
    void refusesABackupWithoutItsDatabase() throws IOException {
        Map<String, String> entries = backup();
        entries.remove("db/fmq.sql");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Restore.restore(zip(entries), temp.resolve("data"), COPY));
        assertTrue(refused.getMessage().contains("db/fmq.sql"), refused.getMessage());
    }

    @Test
    void refusesAFileThatIsNoZip() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.zip"), "not a zip");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Restore.restore(text, temp.resolve("data"), COPY));
        assertTrue(refused.getMessage().contains("not a zip"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> Restore.restore(temp.resolve("missing.zip"),
                temp.resolve("data"), COPY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "/etc/evil.txt", "keys/../../evil.txt", "plugins/..", "a\\..\\..\\evil.txt",
            "C:/evil.txt", "keys//double-slash", "./keys/x"})
    void refusesNamesThatLeaveTheFolderBeforeWritingAnything(String name) throws IOException {
        Map<String, String> entries = backup();
        entries.put(name, "evil");
        Path data = temp.resolve("data");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Restore.restore(zip(entries), data, COPY));
        assertTrue(refused.getMessage().contains(name), refused.getMessage());
        assertFalse(Files.exists(data), "nothing restored");
        assertFalse(Files.exists(temp.resolve("evil.txt")));
        assertFalse(Files.exists(temp.getParent().resolve("evil.txt")));
        assertEquals(List.of(), besideTheZips(), "no staging folder left");
    }

    @Test
    void refusesAnEntryGivenTwice() throws IOException {
        Map<String, String> entries = backup();
        entries.put("keys/jwt-private.pem/", "");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Restore.restore(zip(entries), temp.resolve("data"), COPY));
        assertTrue(refused.getMessage().contains("twice"), refused.getMessage());
    }

    @Test
    void theDatabaseScriptBecomesAnH2DatabaseTheServerAccountOpens() throws Exception {
        // The script as the server writes it: H2's SCRIPT of a database with a report in it.
        Path source = temp.resolve("source/fmq");
        Properties account = new Properties();
        account.setProperty("user", "fmq");
        account.setProperty("password", "");
        Path script = temp.resolve("fmq.sql");
        try (Connection connection = new org.h2.Driver().connect("jdbc:h2:" + source, account);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE report(id VARCHAR(20) PRIMARY KEY, title VARCHAR(200))");
            statement.execute("INSERT INTO report VALUES ('r1', 'Pothole in front of n\u00b0 12')");
            statement.execute("SCRIPT TO '" + script + "' CHARSET 'UTF-8'");
        }
        Map<String, String> entries = backup();
        entries.put("db/fmq.sql", Files.readString(script));
        Path data = temp.resolve("data");

        Restore.restore(zip(entries), data, DatabaseScript.h2(new org.h2.Driver(), Map.of()));

        assertTrue(Files.exists(data.resolve("db/fmq.mv.db")));
        try (Stream<Path> db = Files.list(data.resolve("db"))) {
            assertEquals(List.of("fmq.mv.db"), db.map(p -> p.getFileName().toString()).toList(),
                    "neither the script nor the driver's copy is left");
        }
        try (Connection connection = new org.h2.Driver().connect("jdbc:h2:" + data.resolve("db/fmq")
                + ";IFEXISTS=TRUE", account);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT title FROM report WHERE id = 'r1'")) {
            assertTrue(row.next());
            assertEquals("Pothole in front of n\u00b0 12", row.getString(1));
        }
    }

    @Test
    void theDriverIsTheOneTheJarShipsForTheServer() throws Exception {
        // fixmyquarter.jar as the build lays it out: the server's drivers in its jdbc/ folder.
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = temp.resolve("fixmyquarter.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("wlp/usr/servers/fmq/jdbc/postgresql.jar"));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("wlp/usr/servers/fmq/jdbc/h2.jar"));
            Files.copy(h2, out);
            out.closeEntry();
        }
        Map<String, String> entries = backup();
        entries.put("db/fmq.sql", "CREATE TABLE note(text VARCHAR(20));\nINSERT INTO note VALUES ('kept');\n");
        Path data = temp.resolve("data");

        Restore.restore(zip(entries), data, DatabaseScript.fromJar(jar, Map.of()));

        Properties account = new Properties();
        account.setProperty("user", "fmq");
        account.setProperty("password", "");
        try (Connection connection = new org.h2.Driver().connect("jdbc:h2:" + data.resolve("db/fmq")
                + ";IFEXISTS=TRUE", account);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT text FROM note")) {
            assertTrue(row.next());
            assertEquals("kept", row.getString(1));
        }
        try (Stream<Path> db = Files.list(data.resolve("db"))) {
            assertEquals(List.of("fmq.mv.db"), db.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aScriptThatFailsLeavesNoDataFolder() throws IOException {
        Map<String, String> entries = backup();
        entries.put("db/fmq.sql", "CREATE TABLE report(id VARCHAR(20));\nTHIS IS NOT SQL;\n");
        Path data = temp.resolve("data");
        UncheckedIOException failed = assertThrows(UncheckedIOException.class,
                () -> Restore.restore(zip(entries), data, DatabaseScript.h2(new org.h2.Driver(), Map.of())));
        assertTrue(failed.getMessage().contains("database script"), failed.getMessage());
        assertFalse(Files.exists(data), "nothing for a server to start on");
        assertEquals(List.of(), besideTheZips(), "no temporary folder left");
    }
}
