package org.fixmyquarter.api.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderBackupTest {

    @TempDir
    Path temp;

    private Path data() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        write(data.resolve("db/fmq.mv.db"), "live database");
        write(data.resolve("db/fmq.trace.db"), "trace");
        write(data.resolve("keys/jwt-private.pem"), "private key");
        write(data.resolve("keys/jwt-private.pem.tmp"), "half a key");
        write(data.resolve("tls/key.p12"), "keystore");
        write(data.resolve("tls/keystore.password"), "secret");
        write(data.resolve("plugins/connector/connector.jar"), "jar");
        write(data.resolve("runtime/wlp/lib/x.jar"), "runtime");
        write(data.resolve("logs/messages.log"), "log");
        write(data.resolve(".fmq-backup-123.tmp"), "another backup in progress");
        write(data.resolve("notes.temp"), "editor file");
        write(data.resolve("README.txt"), "operator's notes");
        return data;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static List<String> names(List<DataFolderBackup.Member> members) {
        return members.stream().map(DataFolderBackup.Member::name).toList();
    }

    private static boolean symlink(Path link, Path target) throws IOException {
        try {
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
            return true;
        } catch (UnsupportedOperationException | FileSystemException e) {
            return false;
        }
    }

    @Test
    void everyFileButTheLiveDatabaseTheRuntimeTheLogsAndTemporaryFiles() throws IOException {
        Path data = data();
        assertEquals(List.of("README.txt", "keys/jwt-private.pem", "plugins/connector/connector.jar", "tls/key.p12",
                "tls/keystore.password"), names(DataFolderBackup.members(data, data.resolve("db/fmq"))));
    }

    @Test
    void aLiveDatabaseOutsideDbIsLeftOutToo() throws IOException {
        Path data = data();
        write(data.resolve("fmq-2026.mv.db"), "live database elsewhere");
        write(data.resolve("fmq-2026.trace.db"), "its trace");
        write(data.resolve("fmq-2026-notes.txt"), "not the database");
        List<String> names = names(DataFolderBackup.members(data, data.resolve("fmq-2026")));
        assertFalse(names.contains("fmq-2026.mv.db"), names.toString());
        assertFalse(names.contains("fmq-2026.trace.db"), names.toString());
        assertTrue(names.contains("fmq-2026-notes.txt"), names.toString());
    }

    @Test
    void noDataFolderMeansNoFiles() throws IOException {
        assertEquals(List.of(), DataFolderBackup.members(temp.resolve("missing"), null));
        assertEquals(List.of(), DataFolderBackup.members(null, null));
    }

    @Test
    void linksLeadingOutOfTheFolderOrToTheLiveDatabaseAreLeftOut() throws IOException {
        Path data = data();
        Path outside = temp.resolve("outside");
        write(outside.resolve("passwd"), "root:x:0:0");
        assumeTrue(symlink(data.resolve("plugins/passwd"), outside.resolve("passwd")), "symbolic links");
        symlink(data.resolve("plugins/outside"), outside);
        symlink(data.resolve("plugins/relative"), Path.of("../../outside/passwd"));
        symlink(data.resolve("keys/database"), data.resolve("db/fmq.mv.db"));
        symlink(data.resolve("plugins/broken"), temp.resolve("nothing"));
        symlink(data.resolve("plugins/keys"), data.resolve("keys"));
        symlink(data.resolve("plugins/key.pem"), data.resolve("keys/jwt-private.pem"));

        List<DataFolderBackup.Member> members = DataFolderBackup.members(data, data.resolve("db/fmq"));
        assertEquals(List.of("README.txt", "keys/jwt-private.pem", "plugins/connector/connector.jar",
                "plugins/key.pem", "tls/key.p12", "tls/keystore.password"), names(members));
        DataFolderBackup.Member link = members.get(3);
        assertEquals(data.toRealPath().resolve("keys/jwt-private.pem"), link.source(),
                "a link inside the folder is read from its target, not through the link");
    }

    @Test
    void theZipStartsWithThePropertiesThenTheDatabaseThenTheFiles() throws IOException {
        Path data = data();
        Path h2 = script("consistent copy");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("format", "1");
        values.put("schema.version", "12");
        values.put("created", "2026-12-06T07:04:42Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataFolderBackup.write(out, DataFolderBackup.properties(values), h2,
                DataFolderBackup.members(data, data.resolve("db/fmq")));

        Map<String, String> entries = unzip(out.toByteArray());
        assertEquals(List.of("fixmyquarter-backup.properties", "db/fmq.sql", "README.txt", "keys/jwt-private.pem",
                "plugins/connector/connector.jar", "tls/key.p12", "tls/keystore.password"),
                new ArrayList<>(entries.keySet()));
        assertEquals("consistent copy", entries.get("db/fmq.sql"));
        assertEquals("private key", entries.get("keys/jwt-private.pem"));
        Properties properties = new Properties();
        properties.load(new StringReader(entries.get("fixmyquarter-backup.properties")));
        assertEquals("1", properties.getProperty("format"));
        assertEquals("12", properties.getProperty("schema.version"));
        assertEquals("2026-12-06T07:04:42Z", properties.getProperty("created"));
    }

    @Test
    void aFileThatWentAwayMeanwhileIsLeftOut() throws IOException {
        Path data = data();
        List<DataFolderBackup.Member> members = DataFolderBackup.members(data, data.resolve("db/fmq"));
        Files.delete(data.resolve("README.txt"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataFolderBackup.write(out, "format=1\n", script("db"), members);
        assertFalse(unzip(out.toByteArray()).containsKey("README.txt"));
    }

    @Test
    void propertiesReadBackAsWritten() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("database.version", "2.5.252 (2025-09-22)");
        values.put("odd", " leading space, = : # ! \\ tab\t newline\n caf\u00e9 \u0627");
        String text = DataFolderBackup.properties(values);
        assertTrue(text.chars().allMatch(c -> c < 0x80), "ASCII only: " + text);
        Properties read = new Properties();
        read.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(values.get("odd"), read.getProperty("odd"));
        assertEquals(values.get("database.version"), read.getProperty("database.version"));
    }

    @Test
    void onlyStaleCopiesAreRemoved() throws IOException {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        Path stale = temp.resolve(".fmq-backup-old.tmp");
        Path fresh = temp.resolve(".fmq-backup-new.tmp");
        Path other = temp.resolve("other.tmp");
        for (Path file : List.of(stale, fresh, other)) {
            Files.writeString(file, "x");
        }
        Files.setLastModifiedTime(stale, FileTime.from(now.minus(Duration.ofDays(2))));
        Files.setLastModifiedTime(fresh, FileTime.from(now.minus(Duration.ofMinutes(5))));
        Files.setLastModifiedTime(other, FileTime.from(now.minus(Duration.ofDays(2))));
        DataFolderBackup.removeStaleCopies(temp, now);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh), "a copy being sent right now");
        assertTrue(Files.exists(other), "not ours");
    }

    /** A database script as H2's SCRIPT TO writes it. */
    private Path script(String content) throws IOException {
        return Files.writeString(Files.createTempFile(temp, "h2", ".sql"), content);
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                entries.put(entry.getName(), new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
