package org.fixmyquarter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;

import org.fixmyquarter.api.report.ReportJson;
import org.fixmyquarter.api.idempotency.IdempotencyTransactions;
import org.fixmyquarter.api.report.ReportTransactions;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.idempotency.IdempotencyKeys;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.ReportStatus;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside the server, with its real JTA transactions and data source: what must be written
 * together is, what fails leaves nothing, and idempotency keys are shared through the database.
 */
@ExtendWith(ArquillianExtension.class)
class ReportPersistenceIT {

    private static final URI REPORTS = URI.create("http://localhost/api/v1/reports");

    @Deployment
    static WebArchive deployment() {
        // The application exactly as shipped, plus this test class, under a name of its own so it
        // runs beside the server's own copy.
        WebArchive shipped = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("fmq.it.war")));
        return ShrinkWrap.create(WebArchive.class, "fmq-persistence-it.war")
                .merge(shipped)
                .addClass(ReportPersistenceIT.class);
    }

    @Inject
    private ReportTransactions transactions;

    @Inject
    private IdempotencyTransactions idempotency;

    @Resource(lookup = "jdbc/fmq")
    private DataSource dataSource;

    @ArquillianResource
    private URL deploymentUrl;

    private static NewReport newReport(String title) {
        return new NewReport(title, "Seen this morning", "water", 45.0, 5.0, null, null);
    }

    @Test
    void reportHistoryAndEventAreWrittenTogether() throws SQLException {
        String id = id(transactions.create(newReport("Blocked drain"), Actor.ANONYMOUS, REPORTS, null));

        assertEquals(1, count("SELECT COUNT(*) FROM fmq_report WHERE id = ?", id));
        assertEquals(1, count("SELECT COUNT(*) FROM fmq_status_change WHERE report_id = ? AND to_status = 'open'", id));
        assertEquals(1, count("SELECT COUNT(*) FROM fmq_outbox_event WHERE aggregate_id = ? AND event_type = 'report.created'", id));
    }

    @Test
    void aWriteThatFailsLeavesNothingBehind() throws SQLException {
        String title = "Atomic " + UUID.randomUUID();

        // Completing an idempotency claim that does not exist fails after the report was persisted.
        assertThrows(IllegalStateException.class,
                () -> transactions.create(newReport(title), Actor.ANONYMOUS, REPORTS, "no-such-claim"));

        assertEquals(0, count("SELECT COUNT(*) FROM fmq_report WHERE title = ?", title));
        assertEquals(0, count("SELECT COUNT(*) FROM fmq_outbox_event WHERE payload LIKE ?", "%" + title + "%"));
    }

    @Test
    void statusChangeWritesHistoryAndEvent() throws SQLException {
        String id = id(transactions.create(newReport("Burst main"), Actor.ANONYMOUS, REPORTS, null));

        transactions.changeStatus(id, ReportStatus.IN_PROGRESS, "Valve closed", Actor.of("op-1", "Water board", Role.OPERATOR));

        assertEquals(1, count("SELECT COUNT(*) FROM fmq_status_change WHERE report_id = ? AND from_status = 'open'"
                + " AND to_status = 'in_progress' AND actor_name = 'Water board' AND reason = 'Valve closed'", id));
        assertEquals(1, count("SELECT COUNT(*) FROM fmq_outbox_event WHERE aggregate_id = ?"
                + " AND event_type = 'report.status_changed'", id));
    }

    @Test
    void keyStillInFlightOnAnotherServerAnswers409() throws Exception {
        String key = UUID.randomUUID().toString();
        NewReport content = newReport("In flight " + key);
        // As if another server had claimed the key and not finished yet.
        idempotency.claim("POST /api/v1/reports", Actor.ANONYMOUS.id(), key,
                IdempotencyKeys.hash(ReportJson.canonical(content)));

        HttpResponse<String> response = post(key, "{\"title\":\"In flight " + key + "\",\"description\":\"Seen this morning\","
                + "\"category\":\"water\",\"location\":{\"lat\":45.0,\"lon\":5.0}}");

        assertEquals(409, response.statusCode(), response.body());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
        assertEquals(0, count("SELECT COUNT(*) FROM fmq_report WHERE title = ?", "In flight " + key));
    }

    @Test
    void retriedRequestStoresOneReport() throws Exception {
        String key = UUID.randomUUID().toString();
        String title = "Retried " + key;
        String body = "{\"title\":\"" + title + "\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":2}}";

        assertEquals(201, post(key, body).statusCode());
        assertEquals(201, post(key, body).statusCode());
        assertEquals(201, post(key, body).statusCode());

        assertEquals(1, count("SELECT COUNT(*) FROM fmq_report WHERE title = ?", title));
        assertEquals(1, count("SELECT COUNT(*) FROM fmq_outbox_event WHERE payload LIKE ?", "%" + title + "%"));
    }

    @Test
    void schemaComesFromVersionedMigrations() throws SQLException {
        assertEquals(1, count("SELECT COUNT(*) FROM \"fmq_schema_history\" WHERE \"version\" = ? AND \"success\" = TRUE", "1"));
    }

    private HttpResponse<String> post(String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(deploymentUrl.toURI().resolve("api/v1/reports"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String id(ReportTransactions.Created created) {
        String path = created.location().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private int count(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
