package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.json.JsonObject;

import org.fixmyquarter.it.support.People;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An administrator downloads a backup of the running server's data folder: on H2 a zip whose
 * database script loads into a working database holding what was just written; on PostgreSQL a 409
 * that says to use pg_dump. Nobody else gets one.
 */
class BackupIT {

    private static final String BACKUP = "/api/v1/admin/backup";
    private static final boolean ON_H2 = !"postgresql".equals(System.getProperty("fmq.it.database"));
    /** The test servers' database account (FMQ_DB_USER, FMQ_DB_PASSWORD left at their defaults). */
    private static final String DB_USER = "fmq";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path temp;

    @Test
    void onH2TheBackupHoldsTheDataFolderAndAWorkingCopyOfTheDatabase() throws Exception {
        assumeTrue(ON_H2, "the H2 server's test");
        String report = createReport("Backed-up pothole", "pothole").getString("id");
        String admin = adminToken();

        HttpResponse<byte[]> response = download(admin);
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("application/zip", response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        String disposition = response.headers().firstValue("Content-Disposition").orElse("");
        assertTrue(disposition.matches("attachment; filename=\"fixmyquarter-backup-\\d{8}T\\d{6}Z\\.zip\""),
                disposition);

        Map<String, byte[]> entries = unzip(response.body());
        assertEquals("fixmyquarter-backup.properties", entries.keySet().iterator().next(), "the first entry");
        Properties properties = new Properties();
        properties.load(new StringReader(new String(entries.get("fixmyquarter-backup.properties"),
                StandardCharsets.UTF_8)));
        assertEquals("1", properties.getProperty("format"));
        assertEquals("H2", properties.getProperty("database.product"));
        assertFalse(properties.getProperty("schema.version", "").isBlank(), properties.toString());
        assertNotNull(java.time.Instant.parse(properties.getProperty("created")));
        assertTrue(entries.containsKey("db/fmq.sql") && entries.get("db/fmq.sql").length > 0, entries.keySet()
                .toString());
        assertTrue(entries.containsKey("keys/jwt-private.pem"), entries.keySet().toString());
        for (String name : entries.keySet()) {
            assertFalse(name.startsWith("runtime/") || name.startsWith("logs/") || name.endsWith(".tmp")
                    || (name.startsWith("db/") && !name.equals("db/fmq.sql")), name);
        }

        String file = disposition.substring(disposition.indexOf('"') + 1, disposition.lastIndexOf('"'));
        JsonObject audited = json(get("/api/v1/admin/audit?target=" + file, admin)).getJsonArray("items")
                .getJsonObject(0);
        assertEquals("data.backup_downloaded", audited.getString("action"));
        assertEquals("Administrator", audited.getJsonObject("actor").getString("name"));

        Path script = Files.write(temp.resolve("fmq.sql"), entries.get("db/fmq.sql"));
        assertEquals(report, reportIn(temp.resolve("db/fmq"), script, report), "the report made before the backup");
    }

    @Test
    void onPostgreSqlTheBackupIsRefusedWithWhatToDoInstead() {
        assumeFalse(ON_H2, "the PostgreSQL server's test");
        HttpResponse<String> response = get(BACKUP, adminToken());
        JsonObject refused = problem(response, 409);
        assertEquals("urn:fixmyquarter:problem:backup-not-supported", refused.getString("type"));
        assertTrue(refused.getString("detail").contains("pg_dump"), refused.toString());
        assertTrue(refused.getString("detail").contains("keys"), refused.toString());
    }

    @Test
    void onlyAnAdministratorGetsABackup() {
        People.Person citizen = People.citizen("Backup Citizen", null, null);
        problem(get(BACKUP, citizen.token()), 403);
        People.Person moderator = People.staff("Backup Moderator", "moderator");
        problem(get(BACKUP, moderator.token()), 403);
        problem(get(BACKUP), 401);
    }

    private static HttpResponse<byte[]> download(String token) throws IOException, InterruptedException {
        return CLIENT.send(request(BACKUP).timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                assertFalse(entries.containsKey(entry.getName()), "twice: " + entry.getName());
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        assertFalse(entries.isEmpty(), "an empty zip");
        return entries;
    }

    /** Loads the script into a new H2 database, as the restore does, and looks the report up. */
    private static String reportIn(Path database, Path script, String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:" + database.toAbsolutePath(), DB_USER, "");
             java.sql.Statement load = connection.createStatement()) {
            load.execute("RUNSCRIPT FROM '" + script.toAbsolutePath() + "' CHARSET 'UTF-8'");
        }
        String url = "jdbc:h2:" + database.toAbsolutePath() + ";IFEXISTS=TRUE";
        try (Connection connection = DriverManager.getConnection(url, DB_USER, "");
             PreparedStatement query = connection.prepareStatement("SELECT id FROM fmq_report WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
