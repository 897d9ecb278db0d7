package org.fixmyquarter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;

import org.fixmyquarter.api.body.BodyTransactions;
import org.fixmyquarter.api.report.ReportTransactions;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.Role;
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
 * A body's service levels through the API, inside the server on its real database: reports are
 * made, handed to a body and moved through their statuses by the application itself, then their
 * history is dated back in the database to known times (the server's clock is the real one, and
 * a test never waits days). The figures read back are the medians, 90th percentiles and backlog
 * those times give; the same reports carry the body in GeoJSON, CSV and Open311.
 */
@ExtendWith(ArquillianExtension.class)
class ServiceLevelsIT {

    private static final URI REPORTS = URI.create("http://localhost/api/v1/reports");
    private static final Actor ADMIN = Actor.of("service-levels-it", "Service levels IT", Role.ADMINISTRATOR);
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;

    @Deployment
    static WebArchive deployment() {
        WebArchive shipped = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("fmq.it.war")));
        return ShrinkWrap.create(WebArchive.class, "fmq-service-levels-it.war")
                .merge(shipped)
                .addClass(ServiceLevelsIT.class);
    }

    @Inject
    private ReportTransactions reports;

    @Inject
    private BodyTransactions bodies;

    @Resource(lookup = "jdbc/fmq")
    private DataSource dataSource;

    @ArquillianResource
    private URL deploymentUrl;

    private String body;
    private Instant now;

    @Test
    void figuresFromAKnownHistoryAndTheBodyInEveryOutput() throws Exception {
        String name = "Service levels " + UUID.randomUUID().toString().substring(0, 8);
        body = bodies.create(Json.createObjectBuilder().add("name", Json.createObjectBuilder().add("en", name))
                .build(), Locale.ENGLISH, ADMIN).body().getId();
        now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        try {
            String a = report("road", -10 * DAY);
            move(a, ReportStatus.IN_PROGRESS, -10 * DAY + 2 * HOUR);
            move(a, ReportStatus.RESOLVED, -8 * DAY);
            String b = report("road", -6 * DAY);
            move(b, ReportStatus.IN_PROGRESS, -6 * DAY + 6 * HOUR);
            move(b, ReportStatus.RESOLVED, -5 * DAY);
            String c = report("water", -20 * DAY);
            move(c, ReportStatus.IN_PROGRESS, -19 * DAY);
            String d = report("water", -50 * DAY);
            move(d, ReportStatus.REJECTED, -45 * DAY);
            String e = report("road", -3 * HOUR);
            String f = report("road", -40 * DAY);
            move(f, ReportStatus.IN_PROGRESS, -39 * DAY);
            move(f, ReportStatus.RESOLVED, -35 * DAY);

            HttpResponse<String> answer = get("api/v1/bodies/" + body + "/service-levels");
            assertEquals(200, answer.statusCode(), answer.body());
            JsonObject levels = (JsonObject) json(answer.body());
            assertEquals(body, levels.getJsonObject("body").getString("id"));
            assertEquals(name, levels.getJsonObject("body").getString("name"));
            JsonObject all = levels.getJsonObject("overall");
            // Acknowledged in 30 days: a 2h, b 6h, c 1d; in 90 days also d 5d (rejected) and f 1d.
            timing(all, "acknowledge", "last30Days", 3, 6 * HOUR, DAY);
            timing(all, "acknowledge", "last90Days", 5, DAY, 5 * DAY);
            // Resolved in 30 days: a 2d, b 1d; in 90 days also f 5d.
            timing(all, "resolve", "last30Days", 2, DAY, 2 * DAY);
            timing(all, "resolve", "last90Days", 3, 2 * DAY, 5 * DAY);
            // Open: e (3 hours), c (20 days).
            assertEquals(Json.createObjectBuilder().add("total", 2).add("underOneDay", 1).add("oneToSevenDays", 0)
                    .add("sevenToThirtyDays", 1).add("overThirtyDays", 0).build(), all.getJsonObject("backlog"));
            JsonArray categories = levels.getJsonArray("categories");
            assertEquals(List.of("road", "water"), categories.getValuesAs(JsonObject.class).stream()
                    .map(o -> o.getString("category")).toList());
            timing(categories.getJsonObject(0), "acknowledge", "last30Days", 2, 2 * HOUR, 6 * HOUR);
            assertEquals(1, categories.getJsonObject(1).getJsonObject("backlog").getInt("sevenToThirtyDays"));

            // The body in every output of the same reports.
            JsonObject geo = (JsonObject) json(get("api/v1/reports?format=geojson&limit=100&body=" + body).body());
            assertEquals(6, geo.getJsonArray("features").size());
            for (JsonObject feature : geo.getJsonArray("features").getValuesAs(JsonObject.class)) {
                JsonObject of = feature.getJsonObject("properties").getJsonObject("body");
                assertEquals(body, of.getString("id"));
                assertEquals(name, of.getString("name"));
            }
            String[] csv = get("api/v1/reports?format=csv&limit=100&body=" + body).body().split("\r\n");
            assertTrue(csv[0].endsWith(",hidden,bodyId,bodyName"), csv[0]);
            assertEquals(7, csv.length);
            // An id starting with "-" is written as text a spreadsheet cannot take for a formula.
            String bodyCell = body.startsWith("-") ? "\"'" + body + "\"" : body;
            for (int i = 1; i < csv.length; i++) {
                assertTrue(csv[i].endsWith("," + bodyCell + "," + name), csv[i]);
            }
            HttpResponse<String> open311 = get("open311/v2/requests.json?service_request_id=" + a + "," + e);
            assertEquals(200, open311.statusCode(), open311.body());
            JsonArray requests = (JsonArray) json(open311.body());
            assertEquals(2, requests.size());
            for (JsonObject request : requests.getValuesAs(JsonObject.class)) {
                assertEquals(name, request.getString("agency_responsible"));
            }
        } finally {
            bodies.retire(body, ADMIN);
        }
    }

    private static void timing(JsonObject levels, String what, String window, int count, long median, long p90) {
        JsonObject timing = levels.getJsonObject(what).getJsonObject(window);
        String at = what + " " + window + ": " + timing;
        assertEquals(count, timing.getInt("count"), at);
        assertEquals(median, timing.getJsonNumber("medianSeconds").longValue(), at);
        assertEquals(p90, timing.getJsonNumber("p90Seconds").longValue(), at);
    }

    /** A report made now, handed to the body, then dated back to its creation time. */
    private String report(String category, long secondsFromNow) throws SQLException {
        Instant mark = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String location = reports.create(new NewReport("Service levels " + category, "Seen here", category, -45.5,
                -130.5, 5.0, null), Actor.ANONYMOUS, REPORTS, null).location().getPath();
        String id = location.substring(location.lastIndexOf('/') + 1);
        reports.moveToBody(id, body, "Ours", ADMIN);
        Instant created = now.plusSeconds(secondsFromNow);
        update("UPDATE fmq_report SET created_at = ?, updated_at = ? WHERE id = ?", created, created, id);
        // The creation and the hand-over: everything this report's history holds so far.
        update("UPDATE fmq_status_change SET changed_at = ? WHERE report_id = ? AND changed_at >= ?", created, id, mark);
        return id;
    }

    /** A status change made now by the application, then dated back. */
    private void move(String id, ReportStatus to, long secondsFromNow) throws SQLException {
        Instant mark = Instant.now().truncatedTo(ChronoUnit.MICROS);
        reports.changeStatus(id, to, "Step", ADMIN);
        // Only the step just made is later than the mark: the earlier ones were dated back already.
        update("UPDATE fmq_status_change SET changed_at = ? WHERE report_id = ? AND changed_at >= ?",
                now.plusSeconds(secondsFromNow), id, mark);
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object value = parameters[i];
                statement.setObject(i + 1, value instanceof Instant ? ((Instant) value).atOffset(ZoneOffset.UTC) : value);
            }
            assertTrue(statement.executeUpdate() > 0, sql);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(deploymentUrl.toURI().resolve(path)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonStructure json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.read();
        }
    }
}
