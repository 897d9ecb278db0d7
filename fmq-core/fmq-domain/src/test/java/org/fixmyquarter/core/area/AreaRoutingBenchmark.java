package org.fixmyquarter.core.area;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.TestPostgres;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.internal.Outbox;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The routing benchmark of issue 18 (docs/performance.md, "Area routing"): routing time per report
 * with 10,000 areas loaded, on PostgreSQL without PostGIS (the in-memory index) and with it, each
 * beside its ceiling measured in the same run. Not a test: {@code routing-benchmark.sh} runs it.
 *
 * <p>The areas are generated like an import of a country: one country (an ellipse of 400
 * positions), 99 cities (squares of 0.1 degree whose outline is their districts' outer edges, 3,000
 * positions) and 100 districts in each (cells of 0.01 degree whose edges wiggle, 300 positions, the
 * same positions on both sides of a shared border; one in 13 with a hole, half of those a
 * MultiPolygon with an island in the hole), imported through {@link Areas} as an administrator
 * would. Reports fall in a random city nine times in ten, anywhere in the country's box otherwise.
 */
public final class AreaRoutingBenchmark {

    private static final int CITIES_X = 11;
    private static final int CITIES_Y = 9;
    private static final int GRID = 10;
    private static final int SEGMENTS = 75;
    private static final double CELL = 0.01;
    private static final Actor ADMIN = Actor.of("bench-admin", "Bench", Role.ADMINISTRATOR);

    private AreaRoutingBenchmark() {
    }

    /**
     * @param args {@code [reports]}: routed positions per measurement (default 20,000)
     * @throws SQLException if the raw queries fail
     */
    public static void main(String[] args) throws SQLException {
        int reports = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String only = System.getProperty("fmq.bench.routing.only", "both");
        List<double[]> points = points(reports, new Random(18));
        List<String> addresses = addresses(reports, new Random(19));
        StringBuilder results = new StringBuilder();
        results.append("| path | database | per report mean ms | p50 ms | p99 ms | max ms | note |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
        if (!"postgis".equals(only)) {
            run(false, points, addresses, results);
        }
        if (!"memory".equals(only)) {
            run(true, points, addresses, results);
        }
        System.out.println();
        System.out.println(results);
    }

    private static void run(boolean postgis, List<double[]> points, List<String> addresses, StringBuilder results)
            throws SQLException {
        String db = postgis ? "fmq_bench_routing_postgis" : "fmq_bench_routing";
        String label = postgis ? "PostgreSQL + PostGIS" : "PostgreSQL";
        TestPostgres pg = postgis ? TestPostgres.createWithPostgis(db, "AreaRoutingBenchmark")
                : TestPostgres.create(db, "AreaRoutingBenchmark");
        try {
            long start = System.nanoTime();
            int areas = importCountry(pg);
            System.out.printf(Locale.ROOT, "%s: imported %d areas in %.1f s%n", label, areas,
                    (System.nanoTime() - start) / 1e9);
            long heapBefore = usedHeapAfterGc();
            start = System.nanoTime();
            List<Set<String>> first = route(pg, points.subList(0, Math.min(1, points.size())));
            double snapshotMs = (System.nanoTime() - start) / 1e6;
            // Warm-up: every polygon a point falls in is read and prepared, the JIT compiles.
            start = System.nanoTime();
            List<Set<String>> warm = route(pg, points);
            double warmS = (System.nanoTime() - start) / 1e9;
            long heapWarm = usedHeapAfterGc();
            long[] times = new long[points.size()];
            List<Set<String>> answers = timed(pg, points, times);
            results.append(row("server: `AreaRouting.areasAt` (" + (postgis ? "PostGIS `ST_Covers`, GiST" : "STRtree + JTS")
                    + ")", label, times, String.format(Locale.ROOT, "first call %.0f ms (reads the areas), warm-up"
                    + " pass %.1f s, heap +%d MB after it", snapshotMs, warmS, (heapWarm - heapBefore) >> 20)));
            if (!answers.equals(warm) || first.isEmpty()) {
                throw new IllegalStateException("routing answered differently in two passes");
            }
            String url = url(db);
            try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
                if (postgis) {
                    long[] raw = new long[points.size()];
                    List<Set<String>> byPostgis = rawPostgis(connection, points, raw);
                    results.append(row("ceiling: raw JDBC `ST_Covers` query", label, raw, mismatches(byPostgis, answers)));
                } else {
                    Map<String, PreparedGeometry> prepared = prepareAll(connection);
                    long[] raw = new long[points.size()];
                    List<Set<String>> byBox = rawBoxQuery(connection, prepared, points, raw);
                    results.append(row("ceiling: raw JDBC box query (B-tree) + JTS, all prepared", label, raw,
                            mismatches(byBox, answers)));
                    long[] memory = new long[points.size()];
                    List<Set<String>> byTree = memoryOnly(connection, prepared, points, memory);
                    results.append(row("floor: STRtree + JTS, no database at all", "-", memory,
                            mismatches(byTree, answers)));
                }
            }
            long[] named = new long[addresses.size()];
            int routed = byAddress(pg, addresses, named);
            results.append(row("server: `AreaRouting.areasNamedIn` (address, no position)", label, named,
                    routed + " of " + addresses.size() + " addresses name exactly one area"));
            if (!postgis) {
                List<String> some = addresses.subList(0, Math.min(200, addresses.size()));
                long[] before = new long[some.size()];
                try (Connection connection = DriverManager.getConnection(url(db), "postgres", "")) {
                    namesReadPerReport(connection, some, before);
                }
                results.append(row("before: every live area's names read and folded per report (raw JDBC)", label,
                        before, "the code before the in-memory index; " + some.size() + " addresses"));
            }
            long inside = answers.stream().filter(s -> !s.isEmpty()).count();
            System.out.printf(Locale.ROOT, "%s: %d of %d positions in at least one area%n", label, inside,
                    answers.size());
        } finally {
            pg.drop();
        }
    }

    private static String mismatches(List<Set<String>> other, List<Set<String>> server) {
        int different = 0;
        for (int i = 0; i < server.size(); i++) {
            if (!server.get(i).equals(other.get(i))) {
                different++;
            }
        }
        return different == 0 ? "same areas as the server for every position" : "**" + different + " positions differ**";
    }

    private static String row(String path, String db, long[] nanos, String note) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        String line = String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %s |%n", path, db, mean,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6, note);
        System.out.print(line);
        return line;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    private static String url(String db) {
        String admin = System.getProperty("fmq.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        return admin.substring(0, admin.lastIndexOf('/') + 1) + db;
    }

    /** Routes every point, 200 to a transaction as a busy server would in as many. */
    private static List<Set<String>> route(TestPostgres pg, List<double[]> points) {
        return timed(pg, points, new long[points.size()]);
    }

    private static List<Set<String>> timed(TestPostgres pg, List<double[]> points, long[] times) {
        List<Set<String>> answers = new ArrayList<>(points.size());
        for (int from = 0; from < points.size(); from += 200) {
            int start = from;
            int end = Math.min(points.size(), from + 200);
            pg.inTransaction(em -> {
                for (int i = start; i < end; i++) {
                    double[] p = points.get(i);
                    long t = System.nanoTime();
                    List<String> ids = AreaRouting.areasAt(em, p[1], p[0]);
                    times[i] = System.nanoTime() - t;
                    answers.add(new HashSet<>(ids));
                }
                return null;
            });
        }
        return answers;
    }

    private static int byAddress(TestPostgres pg, List<String> addresses, long[] times) {
        int[] routed = new int[1];
        pg.inTransaction(em -> {
            // A first call reads the snapshot; the measured ones reuse it.
            AreaRouting.areasNamedIn(em, addresses.get(0));
            for (int i = 0; i < addresses.size(); i++) {
                long t = System.nanoTime();
                List<String> chain = AreaRouting.areasNamedIn(em, addresses.get(i));
                times[i] = System.nanoTime() - t;
                if (!chain.isEmpty()) {
                    routed[0]++;
                }
            }
            return null;
        });
        return routed[0];
    }

    /** What address matching did before the snapshot: read and fold the names of every live area, per report. */
    private static void namesReadPerReport(Connection connection, List<String> addresses, long[] times)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, parent_id, names FROM fmq_area WHERE retired_at IS NULL")) {
            for (int i = 0; i < addresses.size(); i++) {
                long t = System.nanoTime();
                String words = " " + AreaNames.fold(addresses.get(i)) + " ";
                Map<String, String> parents = new HashMap<>();
                List<String> named = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        parents.put(rows.getString(1), rows.getString(2));
                        for (String name : LocalizedNames.read(rows.getString(3)).values()) {
                            String folded = AreaNames.fold(name);
                            if (!folded.isEmpty() && words.contains(" " + folded + " ")) {
                                named.add(rows.getString(1));
                                break;
                            }
                        }
                    }
                }
                times[i] = System.nanoTime() - t;
            }
        }
    }

    private static Map<String, PreparedGeometry> prepareAll(Connection connection) throws SQLException {
        Map<String, PreparedGeometry> prepared = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, geometry FROM fmq_area WHERE retired_at IS NULL"); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                prepared.put(rows.getString(1), PreparedGeometryFactory.prepare(AreaGeometry.parse(Outbox.JSON
                        .createReader(new StringReader(rows.getString(2))).readObject()).geometry()));
            }
        }
        return prepared;
    }

    /** The routing of the code before the in-memory index, without JPA: the B-tree box query, then JTS. */
    private static List<Set<String>> rawBoxQuery(Connection connection, Map<String, PreparedGeometry> prepared,
                                                 List<double[]> points, long[] times) throws SQLException {
        List<Set<String>> answers = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM fmq_area WHERE retired_at IS NULL"
                + " AND min_lat <= ? AND max_lat >= ? AND min_lon <= ? AND max_lon >= ?")) {
            for (int pass = 0; pass < 2; pass++) {
                answers.clear();
                for (int i = 0; i < points.size(); i++) {
                    double[] p = points.get(i);
                    long t = System.nanoTime();
                    query.setDouble(1, p[1]);
                    query.setDouble(2, p[1]);
                    query.setDouble(3, p[0]);
                    query.setDouble(4, p[0]);
                    Point point = AreaGeometry.FACTORY.createPoint(new Coordinate(p[0], p[1]));
                    Set<String> inside = new HashSet<>();
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            String id = rows.getString(1);
                            if (prepared.get(id).covers(point)) {
                                inside.add(id);
                            }
                        }
                    }
                    times[i] = System.nanoTime() - t;
                    answers.add(inside);
                }
            }
        }
        return answers;
    }

    private static List<Set<String>> rawPostgis(Connection connection, List<double[]> points, long[] times)
            throws SQLException {
        List<Set<String>> answers = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM fmq_area WHERE retired_at IS NULL"
                + " AND ST_Covers(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))")) {
            for (int pass = 0; pass < 2; pass++) {
                answers.clear();
                for (int i = 0; i < points.size(); i++) {
                    double[] p = points.get(i);
                    long t = System.nanoTime();
                    query.setDouble(1, p[0]);
                    query.setDouble(2, p[1]);
                    Set<String> inside = new HashSet<>();
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            inside.add(rows.getString(1));
                        }
                    }
                    times[i] = System.nanoTime() - t;
                    answers.add(inside);
                }
            }
        }
        return answers;
    }

    private static List<Set<String>> memoryOnly(Connection connection, Map<String, PreparedGeometry> prepared,
                                                List<double[]> points, long[] times) throws SQLException {
        STRtree tree = new STRtree();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, min_lon, max_lon, min_lat, max_lat FROM fmq_area WHERE retired_at IS NULL");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                tree.insert(new org.locationtech.jts.geom.Envelope(rows.getDouble(2), rows.getDouble(3),
                        rows.getDouble(4), rows.getDouble(5)), rows.getString(1));
            }
        }
        tree.build();
        List<Set<String>> answers = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            answers.clear();
            for (int i = 0; i < points.size(); i++) {
                double[] p = points.get(i);
                long t = System.nanoTime();
                Point point = AreaGeometry.FACTORY.createPoint(new Coordinate(p[0], p[1]));
                Set<String> inside = new HashSet<>();
                for (Object id : tree.query(point.getEnvelopeInternal())) {
                    if (prepared.get(id).covers(point)) {
                        inside.add((String) id);
                    }
                }
                times[i] = System.nanoTime() - t;
                answers.add(inside);
            }
        }
        return answers;
    }

    // ---- the generated country ----

    private static double cityWest(int city) {
        return 0.5 + (city % CITIES_X);
    }

    private static double citySouth(int city) {
        return 40.5 + (city / CITIES_X);
    }

    private static List<double[]> points(int n, Random random) {
        List<double[]> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(10) < 9) {
                int city = random.nextInt(CITIES_X * CITIES_Y);
                points.add(new double[] {cityWest(city) + random.nextDouble() * GRID * CELL,
                        citySouth(city) + random.nextDouble() * GRID * CELL});
            } else {
                points.add(new double[] {-2.5 + random.nextDouble() * 16.1, 38.5 + random.nextDouble() * 12.1});
            }
        }
        return points;
    }

    private static List<String> addresses(int n, Random random) {
        List<String> addresses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int city = random.nextInt(CITIES_X * CITIES_Y);
            int district = random.nextInt(GRID * GRID);
            addresses.add(switch (random.nextInt(4)) {
                case 0 -> (1 + random.nextInt(120)) + " rue de la République, " + districtName(city, district, "fr")
                        + ", " + cityName(city, "fr");
                case 1 -> "Behind the school, " + districtName(city, district, "en").toUpperCase(Locale.ROOT);
                case 2 -> "Near the station of " + cityName(city, "en");
                default -> "Sur la place du marché, entre le " + districtName(city, district, "fr") + " et le "
                        + districtName(city, (district + 1) % (GRID * GRID), "fr");
            });
        }
        return addresses;
    }

    private static String cityName(int city, String language) {
        return ("fr".equals(language) ? "Ville " : "Town ") + (city + 1);
    }

    private static String districtName(int city, int district, String language) {
        return ("fr".equals(language) ? "Quartier " : "District ") + (city + 1) + "-" + (district + 1);
    }

    private static int importCountry(TestPostgres pg) {
        Clock clock = Clock.systemUTC();
        JsonArrayBuilder country = Outbox.JSON.createArrayBuilder();
        int n = 400;
        double[][] ellipse = new double[n + 1][];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            double wobble = 1 + 0.01 * Math.sin(7 * a);
            ellipse[i] = new double[] {5.55 + 8 * wobble * Math.cos(a), 44.55 + 6 * wobble * Math.sin(a)};
        }
        ellipse[n] = ellipse[0];
        country.add(feature(names("Pays", "Country"), null, "Europe/Paris", polygon(ring(ellipse))));
        String countryId = importAll(pg, clock, country).get(0);
        JsonArrayBuilder cities = Outbox.JSON.createArrayBuilder();
        for (int city = 0; city < CITIES_X * CITIES_Y; city++) {
            cities.add(feature(names(cityName(city, "fr"), cityName(city, "en")), countryId, null,
                    polygon(ring(cityOutline(city)))));
        }
        List<String> cityIds = importAll(pg, clock, cities);
        int count = 1 + cityIds.size();
        JsonArrayBuilder batch = Outbox.JSON.createArrayBuilder();
        int inBatch = 0;
        for (int city = 0; city < cityIds.size(); city++) {
            for (int row = 0; row < GRID; row++) {
                for (int column = 0; column < GRID; column++) {
                    int district = row * GRID + column;
                    batch.add(feature(names(districtName(city, district, "fr"), districtName(city, district, "en")),
                            cityIds.get(city), null, district(city, row, column)));
                    if (++inBatch == Areas.MAX_FEATURES) {
                        count += importAll(pg, clock, batch).size();
                        batch = Outbox.JSON.createArrayBuilder();
                        inBatch = 0;
                    }
                }
            }
        }
        if (inBatch > 0) {
            count += importAll(pg, clock, batch).size();
        }
        return count;
    }

    private static List<String> importAll(TestPostgres pg, Clock clock, JsonArrayBuilder features) {
        JsonObject collection = Outbox.JSON.createObjectBuilder().add("type", "FeatureCollection")
                .add("features", features).build();
        Function<EntityManager, List<String>> work = em -> new Areas(em, clock)
                .importAreas(collection, Locale.FRENCH, ADMIN).stream().map(Area::getId).toList();
        return pg.inTransaction(work);
    }

    private static JsonObjectBuilder names(String fr, String en) {
        return Outbox.JSON.createObjectBuilder().add("fr", fr).add("en", en);
    }

    private static JsonObject feature(JsonObjectBuilder names, String parent, String timeZone, JsonObject geometry) {
        JsonObjectBuilder properties = Outbox.JSON.createObjectBuilder().add("name", names);
        if (parent != null) {
            properties.add("parent", parent);
        }
        if (timeZone != null) {
            properties.add("timeZone", timeZone);
        }
        return Outbox.JSON.createObjectBuilder().add("type", "Feature").add("properties", properties)
                .add("geometry", geometry).build();
    }

    private static JsonObject polygon(JsonArrayBuilder... rings) {
        JsonArrayBuilder all = Outbox.JSON.createArrayBuilder();
        for (JsonArrayBuilder ring : rings) {
            all.add(ring);
        }
        return Outbox.JSON.createObjectBuilder().add("type", "Polygon").add("coordinates", all).build();
    }

    private static JsonArrayBuilder ring(double[][] positions) {
        JsonArrayBuilder ring = Outbox.JSON.createArrayBuilder();
        for (double[] p : positions) {
            ring.add(Outbox.JSON.createArrayBuilder().add(p[0]).add(p[1]));
        }
        return ring;
    }

    /**
     * Position k of the horizontal grid line {@code row} between columns {@code column} and
     * {@code column + 1} of a city: both districts it divides compute the same doubles.
     */
    private static double[] horizontal(int city, int row, int column, int k) {
        double wiggle = k == 0 || k == SEGMENTS ? 0 : 0.2 * CELL / SEGMENTS * Math.sin(k * 1.7 + row * 3.1 + column * 5.3);
        return new double[] {cityWest(city) + (column + (double) k / SEGMENTS) * CELL,
                citySouth(city) + row * CELL + wiggle};
    }

    private static double[] vertical(int city, int column, int row, int k) {
        double wiggle = k == 0 || k == SEGMENTS ? 0 : 0.2 * CELL / SEGMENTS * Math.sin(k * 2.3 + column * 1.9 + row * 4.7);
        return new double[] {cityWest(city) + column * CELL + wiggle,
                citySouth(city) + (row + (double) k / SEGMENTS) * CELL};
    }

    private static double[][] cityOutline(int city) {
        List<double[]> ring = new ArrayList<>();
        for (int c = 0; c < GRID; c++) {
            for (int k = 0; k < SEGMENTS; k++) {
                ring.add(horizontal(city, 0, c, k));
            }
        }
        for (int r = 0; r < GRID; r++) {
            for (int k = 0; k < SEGMENTS; k++) {
                ring.add(vertical(city, GRID, r, k));
            }
        }
        for (int c = GRID - 1; c >= 0; c--) {
            for (int k = SEGMENTS; k > 0; k--) {
                ring.add(horizontal(city, GRID, c, k));
            }
        }
        for (int r = GRID - 1; r >= 0; r--) {
            for (int k = SEGMENTS; k > 0; k--) {
                ring.add(vertical(city, 0, r, k));
            }
        }
        ring.add(ring.get(0));
        return ring.toArray(new double[0][]);
    }

    private static JsonObject district(int city, int row, int column) {
        List<double[]> shell = new ArrayList<>();
        for (int k = 0; k < SEGMENTS; k++) {
            shell.add(horizontal(city, row, column, k));
        }
        for (int k = 0; k < SEGMENTS; k++) {
            shell.add(vertical(city, column + 1, row, k));
        }
        for (int k = SEGMENTS; k > 0; k--) {
            shell.add(horizontal(city, row + 1, column, k));
        }
        for (int k = SEGMENTS; k > 0; k--) {
            shell.add(vertical(city, column, row, k));
        }
        shell.add(shell.get(0));
        JsonArrayBuilder outer = ring(shell.toArray(new double[0][]));
        int number = city * GRID * GRID + row * GRID + column;
        if (number % 13 != 0) {
            return polygon(outer);
        }
        double west = cityWest(city) + column * CELL;
        double south = citySouth(city) + row * CELL;
        // A park: a hole, clockwise.
        JsonArrayBuilder hole = ring(new double[][] {{west + 0.35 * CELL, south + 0.35 * CELL},
                {west + 0.35 * CELL, south + 0.65 * CELL}, {west + 0.65 * CELL, south + 0.65 * CELL},
                {west + 0.65 * CELL, south + 0.35 * CELL}, {west + 0.35 * CELL, south + 0.35 * CELL}});
        if (number % 26 != 0) {
            return polygon(outer, hole);
        }
        // An island in the park's pond, part of the same district.
        JsonArrayBuilder island = ring(new double[][] {{west + 0.45 * CELL, south + 0.45 * CELL},
                {west + 0.55 * CELL, south + 0.45 * CELL}, {west + 0.55 * CELL, south + 0.55 * CELL},
                {west + 0.45 * CELL, south + 0.55 * CELL}, {west + 0.45 * CELL, south + 0.45 * CELL}});
        return Outbox.JSON.createObjectBuilder().add("type", "MultiPolygon").add("coordinates",
                Outbox.JSON.createArrayBuilder().add(Outbox.JSON.createArrayBuilder().add(outer).add(hole))
                        .add(Outbox.JSON.createArrayBuilder().add(island))).build();
    }
}
