package org.fixmyquarter.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The searches' query plans on PostgreSQL, with enough reports (200,000, clustered in two cities)
 * that the planner has a choice: a nearby search, a map rectangle and a text search must each
 * reach the reports through an index, never by reading the whole table.
 *
 * <p>Needs PostgreSQL at 127.0.0.1:5432, user postgres without password (override with
 * {@code -Dfmq.test.pg.url}, {@code .user}, {@code .password}), as CI provides. Without it the test
 * is skipped on a developer's machine, saying why, and fails in CI ({@code CI=true}).
 */
class SearchPlanPostgresTest {

    private static final String ADMIN_URL = System.getProperty("fmq.test.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getProperty("fmq.test.pg.user", "postgres");
    private static final String PASSWORD = System.getProperty("fmq.test.pg.password", "");
    private static final String DATABASE = "fmq_core_search_plan";
    private static final double LYON_LAT = 45.7578;
    private static final double LYON_LON = 4.8320;

    /** What the server uses on PostgreSQL. */
    private static final TextSearch TEXT = TextSearch.postgresStored("english");

    private static Connection db;

    @BeforeAll
    static void seed() throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            String why = "SearchPlanPostgresTest needs PostgreSQL at " + ADMIN_URL + " (user " + USER + "): "
                    + e.getMessage();
            if (System.getenv("CI") != null) {
                fail(why + "; CI must provide it (see .ci/run)");
            }
            Assumptions.abort(why);
        }
        String url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + DATABASE;
        Flyway.configure().dataSource(url, USER, PASSWORD).locations(TestDatabase.MIGRATIONS)
                .table(TestDatabase.SCHEMA_HISTORY_TABLE).load().migrate();
        db = DriverManager.getConnection(url, USER, PASSWORD);
        try (Statement statement = db.createStatement()) {
            // Two cities a few kilometres wide, eight categories, mostly open, over three years.
            statement.execute("INSERT INTO fmq_report (id, title, description, category_code, latitude, longitude,"
                    + " status, author_id, author_name, vote_count, created_at, updated_at, version)"
                    + " SELECT 'r' || n, 'Report ' || n || CASE WHEN n % 97 = 0 THEN ' broken streetlight' ELSE "
                    + " ' pothole in the road' END, 'Seen near number ' || n, (ARRAY['road','lighting','electricity',"
                    + "'water','waste','safety','accessibility','other'])[1 + n % 8],"
                    + " CASE WHEN n % 2 = 0 THEN 45.7578 ELSE 48.8566 END + (random() - 0.5) * 0.1,"
                    + " CASE WHEN n % 2 = 0 THEN 4.8320 ELSE 2.3522 END + (random() - 0.5) * 0.14,"
                    + " CASE WHEN n % 10 < 6 THEN 'open' WHEN n % 10 < 8 THEN 'in_progress' ELSE 'resolved' END,"
                    + " 'u' || (n % 5000), 'Citizen', (n % 13), now() - (n % 1000) * interval '1 day',"
                    + " now() - (n % 900) * interval '1 day', 0 FROM generate_series(1, 200000) AS n");
            statement.execute(TEXT.postgresColumnStatement());
            statement.execute(TEXT.postgresIndexStatement());
            // VACUUM as well: an index-only scan needs the visibility map, which autovacuum would set later.
            statement.execute("VACUUM (ANALYZE) fmq_report");
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        if (db != null) {
            db.close();
            try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
            }
        }
    }

    @Test
    void aNearbySearchReadsAnIndexNotTheTable() throws SQLException {
        String open = assertIndexOnly(new ReportFilter(ReportStatus.OPEN, null, null, 50, ReportFilter.Sort.NEAREST)
                .withNear(new ReportFilter.Near(LYON_LAT, LYON_LON, 1000)));
        // Thousands of candidates in a dense box: each one read from the table would be a random
        // page, so the covering index must answer alone (V11).
        assertTrue(open.contains("Index Only Scan using fmq_report_status_position_idx"), open);
        assertIndexOnly(new ReportFilter(null, null, null, 50, ReportFilter.Sort.NEAREST)
                .withNear(new ReportFilter.Near(LYON_LAT, LYON_LON, 500)));
    }

    @Test
    void theVisibleMapReadsAnIndexNotTheTable() throws SQLException {
        String map = assertIndexOnly(new ReportFilter(null, null, null, 100).withBox(new ReportFilter.Box(
                LYON_LON - 0.01, LYON_LAT - 0.005, LYON_LON + 0.01, LYON_LAT + 0.005)));
        assertTrue(map.contains("Index Only Scan using fmq_report_position_idx"), map);
    }

    @Test
    void aTextSearchReadsTheFullTextIndex() throws SQLException {
        String rare = plan(new ReportFilter(null, null, null, 50).withText("report number 123457"));
        assertTrue(rare.contains(TEXT.postgresIndexName()), rare);
        assertNoTableScan(rare);
        // A word in one report of a hundred: walking the newest first until the page is full may
        // cost less than the index; either way, never the whole table.
        assertNoTableScan(plan(new ReportFilter(null, null, null, 50).withText("streetlights")));
    }

    @Test
    void aTextSearchNewestFirstFindsWhatThePlainQueryFinds() throws SQLException {
        // The plain query on the computed words is the reference. "streetlights" (one report in 97)
        // and "pothole" fill a page among the newest reports; "123457" (one report) and "nowhere"
        // do not, and come from the full-text index. 200 reports share each creation time, so the
        // order among equals (by id) is checked too.
        ReportSearch plain = new ReportSearch(null, TestCategories.catalog(), TextSearch.postgres("english"));
        ReportSearch stored = new ReportSearch(null, TestCategories.catalog(), TEXT);
        for (String words : List.of("streetlights", "pothole", "report number 123457", "nowhere")) {
            ReportFilter first = new ReportFilter(null, null, null, 50).withText(words);
            List<String> expected = ids(plain.sql(first));
            assertEquals(expected, ids(stored.sql(first)), words);
            if (expected.size() > 50) {
                String cursor = org.fixmyquarter.core.internal.Cursors.encode(createdAt(expected.get(49)),
                        expected.get(49));
                ReportFilter next = new ReportFilter(null, null, cursor, 50).withText(words);
                assertEquals(ids(plain.sql(next)), ids(stored.sql(next)), words + ", second page");
            }
        }
        ReportFilter openOnes = new ReportFilter(ReportStatus.OPEN, null, null, 20).withText("streetlights");
        assertEquals(ids(plain.sql(openOnes)), ids(stored.sql(openOnes)), "with a status");
    }

    @Test
    void mapClustersRunOnPostgresCountEveryVisibleReportAndReadAnIndexForAStreet() throws SQLException {
        ReportSearch search = new ReportSearch(null, TestCategories.catalog(), TEXT);
        ReportFilter.Box city = new ReportFilter.Box(LYON_LON - 0.08, LYON_LAT - 0.06, LYON_LON + 0.08, LYON_LAT + 0.06);
        ReportFilter open = new ReportFilter(ReportStatus.OPEN, null, null, 20).withBox(city);
        long clustered = 0;
        int cells = 0;
        try (PreparedStatement query = prepared(search.clusterSql(open, ReportGrid.cellDegrees(13)));
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                clustered += rows.getLong(1);
                cells++;
            }
        }
        try (Statement count = db.createStatement();
             ResultSet row = count.executeQuery("SELECT COUNT(*) FROM fmq_report WHERE status = 'open'"
                     + " AND hidden_at IS NULL AND latitude BETWEEN " + city.minLat() + " AND " + city.maxLat()
                     + " AND longitude BETWEEN " + city.minLon() + " AND " + city.maxLon())) {
            row.next();
            assertEquals(row.getLong(1), clustered, "every open report of the rectangle in one cluster or another");
        }
        assertTrue(cells > 50 && cells < 400, cells + " cells of 0.011 degrees over 0.16 x 0.12 degrees");

        ReportFilter.Box street = new ReportFilter.Box(LYON_LON - 0.01, LYON_LAT - 0.005, LYON_LON + 0.01,
                LYON_LAT + 0.005);
        String plan = plan(search.clusterSql(new ReportFilter(null, null, null, 20).withBox(street),
                ReportGrid.cellDegrees(17)));
        assertTrue(plan.contains("fmq_report_position_idx"), plan);
        assertNoTableScan(plan);
    }

    private static PreparedStatement prepared(ReportSearch.Sql sql) throws SQLException {
        PreparedStatement query = db.prepareStatement(sql.text());
        for (int i = 0; i < sql.params().size(); i++) {
            query.setObject(i + 1, sql.params().get(i));
        }
        return query;
    }

    private static List<String> ids(ReportSearch.Sql sql) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql.text())) {
            for (int i = 0; i < sql.params().size(); i++) {
                query.setObject(i + 1, sql.params().get(i));
            }
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    private static java.time.Instant createdAt(String id) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT created_at FROM fmq_report WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
    }

    private String assertIndexOnly(ReportFilter filter) throws SQLException {
        String plan = plan(filter);
        assertTrue(plan.contains("Index"), plan);
        assertNoTableScan(plan);
        return plan;
    }

    private static void assertNoTableScan(String plan) {
        assertFalse(plan.contains("Seq Scan on fmq_report"), "the whole reports table is read:\n" + plan);
    }

    private String plan(ReportFilter filter) throws SQLException {
        return plan(new ReportSearch(null, TestCategories.catalog(), TEXT).sql(filter));
    }

    private static String plan(ReportSearch.Sql sql) throws SQLException {
        try (PreparedStatement explain = db.prepareStatement("EXPLAIN " + sql.text())) {
            List<Object> params = sql.params();
            for (int i = 0; i < params.size(); i++) {
                explain.setObject(i + 1, params.get(i));
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
