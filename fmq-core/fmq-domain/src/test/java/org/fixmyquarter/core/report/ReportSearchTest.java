package org.fixmyquarter.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Searching reports: each filter, their combination, the three orders and paging through them,
 * and the errors a client gets for a filter that cannot be right. Runs on H2 with the portable
 * text search; the server's tests run the same on PostgreSQL.
 */
class ReportSearchTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    /** Lyon, place Bellecour. */
    private static final double LAT = 45.7578;
    private static final double LON = 4.8320;
    /** About 111 m of latitude. */
    private static final double DEG_111_M = 0.001;

    private static final CategoryCatalog CATALOG = CategoryCatalog.of(List.of(new CategoryProvider() {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("search-categories", "1", SpiVersion.VERSION);
        }

        @Override
        public List<CategoryDefinition> categories() {
            return List.of(new CategoryDefinition("water", "Water"),
                    new CategoryDefinition("water-leak", "Leak", "water", null, Map.of()),
                    new CategoryDefinition("leak-hydrant", "Hydrant", "water-leak", null, Map.of()),
                    new CategoryDefinition("lighting", "Lighting"));
        }
    }));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));

    @BeforeEach
    void empty() {
        DB.deleteAllRows();
    }

    @Test
    void nearbyReportsComeNearestFirstWithinTheRadiusAndPageWithoutGapsOrRepeats() {
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            // 111 m, 222 m, ... north of the centre, created in the reverse order of their distance.
            expected.add(0, create("Lamp " + i, "lighting", LAT + (8 - i) * DEG_111_M, LON));
        }
        create("Far lamp", "lighting", LAT + 0.02, LON);
        create("Same place, other side", "lighting", LAT, LON + 0.02);

        ReportFilter filter = new ReportFilter(null, null, null, 3, ReportFilter.Sort.NEAREST)
                .withNear(new ReportFilter.Near(LAT, LON, 1000));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            ReportPage page = list(new ReportFilter(null, null, cursor, 3, ReportFilter.Sort.NEAREST)
                    .withNear(filter.near()));
            page.items().forEach(r -> seen.add(r.getId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(expected, seen, "nearest first, 2.2 km away left out, every report once");
    }

    @Test
    void reportsAtTheSameDistanceArePagedByIdWithoutLosingAny() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create("Same spot " + i, "lighting", LAT + DEG_111_M, LON));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            ReportPage page = list(new ReportFilter(null, null, cursor, 2, ReportFilter.Sort.NEAREST)
                    .withNear(new ReportFilter.Near(LAT, LON, 500)));
            page.items().forEach(r -> seen.add(r.getId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(ids.stream().sorted().collect(Collectors.toList()), seen);
    }

    @Test
    void aMapRectangleKeepsWhatIsInsideIt() {
        String inside = create("Inside", "lighting", LAT, LON);
        create("West of it", "lighting", LAT, LON - 0.05);
        create("North of it", "lighting", LAT + 0.05, LON);
        ReportPage page = list(newest().withBox(new ReportFilter.Box(LON - 0.01, LAT - 0.01, LON + 0.01, LAT + 0.01)));
        assertEquals(List.of(inside), ids(page));
    }

    @Test
    void aReportWithoutPositionIsListedButNeverMatchesADistanceOrAMap() {
        String located = create("Lamp out", "lighting", LAT, LON);
        clock.advance(Duration.ofSeconds(1));
        String unlocated = DB.inTransaction(em -> service(em).create(new NewReport("Lamps out along the canal", null,
                "lighting", null, null, null, "Canal path, Quartier Saint-Vincent"), actor())).getId();

        assertEquals(List.of(unlocated, located), ids(list(newest())), "listed like any other");
        assertEquals(List.of(unlocated), ids(list(newest().withText("canal"))), "found by its words");
        assertEquals(List.of(unlocated), ids(list(newest().withText("Saint-Vincent"))), "and by its address alone");
        assertEquals(List.of(located), ids(list(new ReportFilter(null, null, null, 20, ReportFilter.Sort.NEAREST)
                .withNear(new ReportFilter.Near(LAT, LON, ReportFilter.Near.RADIUS_MAX)))));
        assertEquals(List.of(located), ids(list(newest().withNear(new ReportFilter.Near(LAT, LON, 1000)))));
        assertEquals(List.of(located), ids(list(newest().withBox(new ReportFilter.Box(-180, -90, 180, 90)))));
        assertEquals(2, list(new ReportFilter(null, null, null, 20, ReportFilter.Sort.VOTES)).items().size());
    }

    @Test
    void clustersCountTheReportsOfEachCellAtTheirMeanPositionAndNameASingleReport() {
        // Zoom 13: cells of 0.011 degrees. Three reports within 30 m of each other, one 2 km east,
        // one outside the rectangle, one without a position.
        create("Lamp A", "lighting", LAT, LON);
        create("Lamp B", "lighting", LAT + 0.0001, LON + 0.0001);
        create("Lamp C", "lighting", LAT + 0.0002, LON + 0.0002);
        String alone = create("Leak by the river", "water-leak", LAT, LON + 0.03);
        create("Elsewhere", "lighting", LAT + 1, LON);
        DB.inTransaction(em -> service(em).create(new NewReport("Lamps out along the canal", null, "lighting", null,
                null, null, "Canal path"), actor()));

        List<ReportCluster> clusters = clusters(newest().withBox(around()), 13);

        assertEquals(2, clusters.size(), clusters.toString());
        ReportCluster three = clusters.stream().filter(c -> c.count() == 3).findFirst().orElseThrow();
        assertEquals(LAT + 0.0001, three.latitude(), 1e-9, "the mean latitude of its reports");
        assertEquals(LON + 0.0001, three.longitude(), 1e-9);
        assertNull(three.id(), "a group names no report");
        ReportCluster one = clusters.stream().filter(ReportCluster::single).findFirst().orElseThrow();
        assertEquals(new ReportCluster(LAT, LON + 0.03, 1, alone, "Leak by the river", ReportStatus.OPEN, "water-leak"),
                one);
        List<ReportCluster> closeUp = clusters(newest().withBox(new ReportFilter.Box(LON - 0.001, LAT - 0.001,
                LON + 0.001, LAT + 0.001)), ReportGrid.MAX_ZOOM);
        assertEquals(List.of("Lamp A", "Lamp B", "Lamp C"), closeUp.stream().map(ReportCluster::title).toList(),
                "close up, every lamp alone, south to north");
        assertEquals(List.of(4L), clusters(newest().withBox(around()), 5).stream().map(ReportCluster::count).toList(),
                "far out, one cluster of the four");
    }

    @Test
    void clustersApplyTheListsFiltersAndShowHiddenReportsToStaffOnly() {
        create("Dark street", "lighting", LAT, LON);
        String hydrant = create("Hydrant gushing", "leak-hydrant", LAT, LON + 0.03);
        String hidden = create("Insult in the title", "lighting", LAT, LON - 0.03);
        DB.inTransaction(em -> new Moderation(em, clock).hideReport(hidden, "Abuse",
                Actor.of("u-mod", "Moderator", org.fixmyquarter.core.account.Role.MODERATOR)));

        ReportFilter visible = newest().withBox(around());
        assertEquals(2, total(clusters(visible, 13)), "the hidden report is not on the public map");
        ReportFilter staff = new ReportFilter(null, null, null, 20, ReportFilter.Sort.NEWEST, true).withBox(around());
        assertEquals(3, total(clusters(staff, 13)), "staff see it, as in the list");
        assertEquals(List.of(hydrant), clusters(new ReportFilter(null, "water", null, 20).withBox(around()), 13)
                .stream().map(ReportCluster::id).toList(), "a category includes its sub-categories");
        assertEquals(List.of(hydrant), clusters(visible.withText("hydrant"), 13).stream().map(ReportCluster::id)
                .toList());
        assertEquals(0, total(clusters(new ReportFilter(ReportStatus.RESOLVED, null, null, 20).withBox(around()), 13)));
        assertEquals(0, total(clusters(visible.withCreated(new ReportFilter.Period(clock.instant().plusSeconds(1), null)), 13)),
                "all were created before now");
    }

    @Test
    void clustersRefuseAMissingRectangleABadZoomAndTooManyCells() {
        ValidationException missing = assertThrows(ValidationException.class, () -> clusters(newest(), 10));
        assertEquals(List.of("bbox"), fields(missing));
        ValidationException zoom = assertThrows(ValidationException.class,
                () -> clusters(newest().withBox(around()), 23));
        assertEquals(List.of("zoom"), fields(zoom));
        ValidationException tooMany = assertThrows(ValidationException.class,
                () -> clusters(newest().withBox(new ReportFilter.Box(-5, 42, 8, 51)), 15));
        assertEquals(List.of("bbox"), fields(tooMany));
        assertEquals("validation.too-many-cells", tooMany.errors().get(0).messageKey());
        ValidationException category = assertThrows(ValidationException.class,
                () -> clusters(new ReportFilter(null, "nope", null, 20).withBox(around()), 13));
        assertEquals(List.of("category"), fields(category), "the list's own checks apply");
    }

    @Test
    void aVoteWithdrawnWhileAPageIsReadLosesNoReportOnTheNextPages() {
        String most = create("Most supported", "lighting", LAT, LON);
        String middle = create("Some support", "lighting", LAT, LON);
        String least = create("Little support", "lighting", LAT, LON);
        setVotes(most, 5);
        setVotes(middle, 3);
        setVotes(least, 1);
        ReportFilter byVotes = new ReportFilter(null, null, null, 1, ReportFilter.Sort.VOTES);

        // Between the query that orders the page and the read of its reports, three people take
        // their vote back from the first one (committed by other requests).
        ReportPage first = DB.inTransaction(em -> service(voteWhileLoading(em, most, 2)).list(byVotes));
        assertEquals(List.of(most), ids(first));
        List<String> rest = new ArrayList<>();
        String cursor = first.nextCursor();
        while (cursor != null) {
            ReportPage page = list(new ReportFilter(null, null, cursor, 1, ReportFilter.Sort.VOTES));
            rest.addAll(ids(page));
            cursor = page.nextCursor();
        }
        assertEquals(List.of(middle, most, least), rest, "the page's cursor is where the page was ordered (5 votes):"
                + " nothing is skipped, and the report with fewer votes now comes again where it ranks");
    }

    private static void setVotes(String id, int votes) {
        DB.run(em -> em.createNativeQuery("UPDATE fmq_report SET vote_count = ? WHERE id = ?")
                .setParameter(1, votes).setParameter(2, id).executeUpdate());
    }

    /** The entity manager of a list, which sets a report's votes in another transaction when the page's reports are read. */
    private static jakarta.persistence.EntityManager voteWhileLoading(jakarta.persistence.EntityManager em, String id,
                                                                     int votes) {
        return (jakarta.persistence.EntityManager) java.lang.reflect.Proxy.newProxyInstance(
                ReportSearchTest.class.getClassLoader(), new Class<?>[] {jakarta.persistence.EntityManager.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createQuery") && String.valueOf(args[0]).contains("IN :ids")) {
                        setVotes(id, votes);
                    }
                    try {
                        return method.invoke(em, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aCategoryIncludesItsSubCategoriesAtAnyDepth() {
        String water = create("Puddle", "water", LAT, LON);
        String leak = create("Leak", "water-leak", LAT, LON);
        String hydrant = create("Hydrant", "leak-hydrant", LAT, LON);
        create("Lamp", "lighting", LAT, LON);
        assertEquals(List.of(hydrant, leak, water), ids(list(new ReportFilter(null, "water", null, 20))));
        assertEquals(List.of(hydrant, leak), ids(list(new ReportFilter(null, "water-leak", null, 20))));
    }

    @Test
    void periodsIncludeTheirStartAndExcludeTheirEnd() {
        Instant start = clock.instant().plusSeconds(1);
        String first = create("First", "water", LAT, LON);
        clock.advance(Duration.ofDays(1));
        String second = create("Second", "water", LAT, LON);
        clock.advance(Duration.ofDays(1));
        create("Third", "water", LAT, LON);
        ReportPage page = list(newest().withCreated(new ReportFilter.Period(start, start.plus(Duration.ofDays(2)))));
        assertEquals(List.of(second, first), ids(page));
        assertEquals(3, list(newest().withUpdated(new ReportFilter.Period(start, null))).items().size());
    }

    @Test
    void textMatchesEveryWordInTitleOrDescriptionWhateverTheCase() {
        String both = create("Broken street LIGHT", "lighting", LAT, LON);
        create("Broken bench", "lighting", LAT, LON);
        String described = DB.inTransaction(em -> service(em).create(new NewReport("Dark corner",
                "The street light has been out for a week", "lighting", LAT, LON, null, null), actor())).getId();
        assertEquals(List.of(described, both), ids(list(newest().withText("street light"))));
        assertEquals(List.of(), ids(list(newest().withText("100%"))), "a % is a character, not a wildcard");
    }

    @Test
    void filtersCombine() {
        String match = create("Leak near the school", "water-leak", LAT, LON);
        create("Leak far away", "water-leak", LAT + 0.1, LON);
        create("Lamp near the school", "lighting", LAT, LON);
        String closed = create("Leak near the church", "water-leak", LAT, LON);
        DB.run(em -> service(em).changeStatus(closed, ReportStatus.RESOLVED, "Fixed", operator()));
        ReportPage page = list(new ReportFilter(ReportStatus.OPEN, "water", null, 20, ReportFilter.Sort.VOTES)
                .withNear(new ReportFilter.Near(LAT, LON, 2000)).withText("leak"));
        assertEquals(List.of(match), ids(page));
    }

    @Test
    void impossibleFiltersAreRefusedNamingEachField() {
        ValidationException e = assertThrows(ValidationException.class, () -> list(
                new ReportFilter(null, null, null, 20, ReportFilter.Sort.NEAREST)
                        .withBox(new ReportFilter.Box(5, 46, 4, 45))
                        .withCreated(new ReportFilter.Period(clock.instant(), clock.instant().minusSeconds(1)))
                        .withText(" ")));
        assertEquals(List.of("created", "sort", "bbox", "q"), fields(e));
        ValidationException radius = assertThrows(ValidationException.class, () -> list(newest()
                .withNear(new ReportFilter.Near(91, LON, 0))));
        assertEquals(List.of("near", "radius"), fields(radius));
        create("Any", "water", LAT, LON);
        String votesCursor = list(new ReportFilter(null, null, null, 1, ReportFilter.Sort.VOTES)).nextCursor();
        assertNull(votesCursor, "one report, one page");
        assertEquals(List.of("cursor"), fields(assertThrows(ValidationException.class, () -> list(
                new ReportFilter(null, null, "bm90LWEtY3Vyc29y", 20, ReportFilter.Sort.NEAREST)
                        .withNear(new ReportFilter.Near(LAT, LON, 100))))));
    }

    @Test
    void similarReportsAreOpenNearbyOfTheCategoryAndTheMostAlikeFirst() {
        String alike = create("Water leaking from the hydrant", "water-leak", LAT + 2 * DEG_111_M, LON);
        String nearest = create("Wet pavement", "water-leak", LAT + DEG_111_M / 2, LON);
        create("Water leaking from a lamp post", "lighting", LAT, LON);
        create("Water leaking far away", "water-leak", LAT + 0.05, LON);
        String fixed = create("Water leaking from the hydrant again", "water-leak", LAT, LON);
        DB.run(em -> service(em).changeStatus(fixed, ReportStatus.RESOLVED, "Fixed", operator()));

        List<SimilarReport> similar = DB.inTransaction(em -> service(em).similar(LAT, LON, "water-leak",
                "The hydrant is leaking water", 500, 5));
        assertEquals(List.of(alike, nearest), similar.stream().map(s -> s.report().getId()).collect(Collectors.toList()),
                "sharing words outweighs 170 m; other categories, resolved and far reports are left out");
        assertEquals(222, similar.get(0).distanceMetres(), 1);
        assertTrue(similar.get(0).textSimilarity() > similar.get(1).textSimilarity());
        assertEquals(List.of(nearest, alike), DB.inTransaction(em -> service(em).similar(LAT, LON, "water-leak",
                null, 500, 5)).stream().map(s -> s.report().getId()).collect(Collectors.toList()),
                "without text, the nearest first");
        assertEquals(List.of("lat", "category", "radius", "limit"), fields(assertThrows(ValidationException.class,
                () -> DB.inTransaction(em -> service(em).similar(95, LON, "", null, 5000, 0)))));
    }

    @Test
    void theIndexExpressionIsTheOneTheQueryUses() {
        TextSearch french = TextSearch.postgres("french");
        StringBuilder sql = new StringBuilder();
        french.appendCondition(sql, new ArrayList<>(), "lampadaires");
        String indexed = french.postgresIndexStatement();
        String expression = indexed.substring(indexed.indexOf("USING GIN (") + "USING GIN (".length(),
                indexed.length() - 1);
        assertTrue(sql.toString().contains(expression.replace("title", "r.title").replace("description", "r.description")
                .replace("address", "r.address")),
                sql + " vs " + indexed);
        assertEquals("french", TextSearch.postgresConfigFor(java.util.Locale.FRENCH));

        // The stored column holds the same expression, and the query and the index read the column.
        TextSearch stored = TextSearch.postgresStored("french");
        StringBuilder onColumn = new StringBuilder();
        stored.appendCondition(onColumn, new ArrayList<>(), "lampadaires");
        assertEquals(" AND r.text_french @@ (SELECT plainto_tsquery('french', ?))", onColumn.toString());
        assertTrue(stored.postgresColumnStatement().endsWith(" text_french tsvector GENERATED ALWAYS AS ("
                + expression + ") STORED"), stored.postgresColumnStatement());
        assertTrue(stored.postgresIndexStatement().endsWith("ON fmq_report USING GIN (text_french)"),
                stored.postgresIndexStatement());
        assertThrows(IllegalStateException.class, french::postgresColumn);
        assertThrows(IllegalArgumentException.class, () -> TextSearch.postgres("x'; DROP TABLE fmq_report; --"));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static ReportFilter newest() {
        return new ReportFilter(null, null, null, 20);
    }

    private String create(String title, String category, double lat, double lon) {
        clock.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> service(em).create(new NewReport(title, null, category, lat, lon, null, null),
                actor())).getId();
    }

    /** About 4 km around the centre. */
    private static ReportFilter.Box around() {
        return new ReportFilter.Box(LON - 0.05, LAT - 0.05, LON + 0.05, LAT + 0.05);
    }

    private List<ReportCluster> clusters(ReportFilter filter, int zoom) {
        return DB.inTransaction(em -> service(em).clusters(filter, zoom));
    }

    private static long total(List<ReportCluster> clusters) {
        return clusters.stream().mapToLong(ReportCluster::count).sum();
    }

    private ReportService service(jakarta.persistence.EntityManager em) {
        return new ReportService(em, CATALOG, clock);
    }

    private ReportPage list(ReportFilter filter) {
        return DB.inTransaction(em -> service(em).list(filter));
    }

    private static Actor actor() {
        return Actor.citizen("u-1", "Ana");
    }

    private static Actor operator() {
        return Actor.of("op-1", "Roads team", org.fixmyquarter.core.account.Role.OPERATOR);
    }

    private static List<String> ids(ReportPage page) {
        return page.items().stream().map(Report::getId).collect(Collectors.toList());
    }

    private static List<String> fields(ValidationException e) {
        return e.errors().stream().map(FieldError::field).distinct().collect(Collectors.toList());
    }
}
