package org.fixmyquarter.core.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestDatabase;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.area.Area;
import org.fixmyquarter.core.area.Areas;
import org.fixmyquarter.core.area.TestCity;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.comment.CommentService;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.ForbiddenException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.StatusChange;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Responsible bodies on H2, over the test city of 50 districts: routing a new report by category
 * and the most specific area (district before city, sub-category before category, a rule for
 * everywhere last, the default body when nothing matches, no body when there is none), reports
 * without a position routed by the area their address names, the body= queue, moving a report to
 * another body with its history and audit entries, operators of one body acting on its reports
 * only, and what an administrator is refused.
 */
class BodiesTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Actor ADMIN = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
    private static final Actor CITIZEN = Actor.citizen("citizen-1", "Rose");
    private static final Actor OPERATOR = Actor.of("operator-1", "Olga", Role.OPERATOR);

    /** The test categories, with "pothole" under "road", to route by the most specific category. */
    private static final CategoryCatalog CATEGORIES = CategoryCatalog.of(List.of(new TestCategories(),
            new CategoryProvider() {
                @Override
                public PluginDescriptor descriptor() {
                    return new PluginDescriptor("test-subcategories", "1", SpiVersion.VERSION);
                }

                @Override
                public List<CategoryDefinition> categories() {
                    return List.of(new CategoryDefinition("pothole", "Pothole", "road", null, Map.of()));
                }
            }));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
    private Map<String, String> areas;

    @BeforeEach
    void cityWithDistricts() {
        DB.deleteAllRows();
        DB.inTransaction(em -> new Areas(em, clock).importAreas(TestCity.collection(), Locale.ENGLISH, ADMIN));
        areas = DB.inTransaction(em -> new Areas(em, clock).list().stream()
                .collect(Collectors.toMap(a -> a.name(Locale.ENGLISH, null), Area::getId)));
    }

    @Test
    void aReportGoesToTheBodyOfItsCategoryInTheMostSpecificArea() {
        Body cityRoads = create(body("City roads", rule("road", city())));
        Body districtRoads = create(body("District 2-3 roads", rule("road", district(2, 3))));
        Body potholes = create(body("Pothole squad", rule("pothole", city())));
        Body lighting = create(body("Lighting utility", rule("lighting", null)));
        Body everything = create(body("District 4-4 office", rule(null, district(4, 4))));
        Body fallback = create(body("Call centre").add("default", true));

        assertEquals(districtRoads.getId(), at("road", 2, 3).getBodyId(), "the district's rule before the city's");
        assertEquals(cityRoads.getId(), at("road", 1, 1).getBodyId(), "elsewhere in the city, the city's");
        assertEquals(districtRoads.getId(), at("pothole", 2, 3).getBodyId(),
                "the most specific area first, then the category: a pothole is a road in the district");
        assertEquals(potholes.getId(), at("pothole", 1, 1).getBodyId(), "in the city, the sub-category's rule");
        assertEquals(lighting.getId(), at("lighting", 2, 3).getBodyId(), "a rule for everywhere");
        assertEquals(everything.getId(), at("lighting", 4, 4).getBodyId(),
                "a district's rule for every category comes before a rule for everywhere");
        assertEquals(fallback.getId(), at("water", 1, 1).getBodyId(), "no rule: the default body");
        assertEquals(fallback.getId(), report("road", 10.0, 10.0, null).getBodyId(),
                "outside every area: the default body");
        Report border = report("road", TestCity.lat(2) + 0.005, TestCity.lon(4), null);
        assertEquals(districtRoads.getId(), border.getBodyId(),
                "on the border of districts 2-3 and 2-4, the one that has a rule");
    }

    @Test
    void withoutBodiesAReportHasNone() {
        assertNull(at("road", 2, 3).getBodyId());
        assertNull(report("road", null, null, "District 2-3").getBodyId());
        Body retired = create(body("Old default", rule("road", null)).add("default", true));
        DB.inTransaction(em -> new Bodies(em, CATEGORIES, clock).retire(retired.getId(), ADMIN));
        assertNull(at("road", 2, 3).getBodyId(), "a retired body routes nothing, even as the default");
    }

    @Test
    void aReportWithoutAPositionIsRoutedByTheAreaItsAddressNames() {
        Body district = create(body("District 2-3 roads", rule("road", district(2, 3))));
        Body fallback = create(body("Call centre").add("default", true));

        Report named = report("road", null, null, "Near the bakery, DISTRÎCT 2-3, Testville");
        assertEquals(district.getId(), named.getBodyId(), "case and accents aside; the city is the district's context");
        assertEquals(Set.of("Testville", "District 2-3"), areaNames(named));
        Report two = report("road", null, null, "Between District 2-3 and District 2-4");
        assertEquals(fallback.getId(), two.getBodyId(), "two districts named: no area, the default body");
        assertEquals(Set.of(), areaNames(two));
        Report none = report("road", null, null, "The old mill");
        assertEquals(fallback.getId(), none.getBodyId());
        Report partOfAWord = report("road", null, null, "District 2-30 is not a district");
        assertEquals(fallback.getId(), partOfAWord.getBodyId(), "a name matches whole words only");
    }

    @Test
    void theQueueOfABodyAndMovingAReportToAnotherBody() {
        Body roads = create(body("Roads", rule("road", null)));
        Body water = create(body("Water", rule("water", null)));
        Report pothole = at("road", 2, 3);
        Report leak = at("water", 2, 3);
        assertEquals(List.of(pothole.getId()), queue(roads.getId()));

        clock.advance(Duration.ofMinutes(5));
        Report moved = DB.inTransaction(em -> service(em).moveToBody(pothole.getId(), water.getId(),
                "A burst pipe under the road", OPERATOR));
        assertEquals(water.getId(), moved.getBodyId());
        assertEquals(List.of(), queue(roads.getId()), "the report left the first body's queue");
        assertEquals(List.of(pothole.getId(), leak.getId()), queue(water.getId()));
        StatusChange step = DB.inTransaction(em -> {
            List<StatusChange> history = service(em).history(pothole.getId());
            return history.get(history.size() - 1);
        });
        assertEquals(StatusChange.KIND_BODY, step.getKind());
        assertEquals(water.getId(), step.getDetail());
        assertEquals("A burst pipe under the road", step.getReason());
        assertEquals(ReportStatus.OPEN, step.getTo(), "the status stays");
        assertEquals(1L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_audit_entry WHERE action = ?"
                + " AND target_id = ?", "report.body_changed", pothole.getId())).longValue());
        assertEquals(1L, ((Number) DB.queryValue("SELECT COUNT(*) FROM fmq_outbox_event WHERE event_type = ?"
                + " AND aggregate_id = ?", "report.body_changed", pothole.getId())).longValue());

        ConflictException same = assertThrows(ConflictException.class, () -> DB.inTransaction(em ->
                service(em).moveToBody(pothole.getId(), water.getId(), "again", OPERATOR)));
        assertEquals("same-body", same.reason());
        ValidationException unknown = assertThrows(ValidationException.class, () -> DB.inTransaction(em ->
                service(em).moveToBody(pothole.getId(), "no-such-body", "", OPERATOR)));
        assertEquals(List.of("body", "reason"), unknown.errors().stream().map(e -> e.field()).toList());
        assertThrows(ForbiddenException.class, () -> DB.inTransaction(em ->
                service(em).moveToBody(pothole.getId(), roads.getId(), "mine now", CITIZEN)));
        assertThrows(ValidationException.class, () -> DB.inTransaction(em ->
                service(em).list(new ReportFilter(null, null, null, 10).withBody("no-such-body"))));
    }

    @Test
    void anOperatorOfABodyActsOnItsReportsOnly() {
        Body roads = create(body("Roads", rule("road", null)));
        Body water = create(body("Water", rule("water", null)));
        Report pothole = at("road", 2, 3);
        Report leak = at("water", 2, 3);
        Actor roadsOperator = Actor.citizen("operator-2", "Rui").withBodies(Set.of(roads.getId()));
        DB.accountsFor(roadsOperator);

        assertEquals(ReportStatus.IN_PROGRESS, DB.inTransaction(em -> service(em).changeStatus(pothole.getId(),
                ReportStatus.IN_PROGRESS, "Crew on the way", roadsOperator)).getStatus());
        DB.inTransaction(em -> service(em).assign(pothole.getId(), "Night crew", "They have the asphalt",
                roadsOperator));
        DB.inTransaction(em -> new CommentService(em, clock, Duration.ofMinutes(15)).add(pothole.getId(), "Fixed tonight.", roadsOperator,
                true));

        ForbiddenException status = assertThrows(ForbiddenException.class, () -> DB.inTransaction(em ->
                service(em).changeStatus(leak.getId(), ReportStatus.IN_PROGRESS, "not mine", roadsOperator)));
        assertEquals("problem.not-your-body.detail", status.messageKey());
        assertThrows(ForbiddenException.class, () -> DB.inTransaction(em ->
                service(em).assign(leak.getId(), "Night crew", "not mine", roadsOperator)));
        assertThrows(ForbiddenException.class, () -> DB.inTransaction(em ->
                new CommentService(em, clock, Duration.ofMinutes(15)).add(leak.getId(), "Official?", roadsOperator, true)));
        assertThrows(ForbiddenException.class, () -> DB.inTransaction(em ->
                service(em).moveToBody(leak.getId(), roads.getId(), "taking it", roadsOperator)));
        assertEquals(ReportStatus.OPEN, DB.inTransaction(em -> service(em).get(leak.getId())).getStatus(),
                "nothing was written");

        DB.inTransaction(em -> service(em).moveToBody(pothole.getId(), water.getId(), "The water board's pipe",
                roadsOperator));
        assertThrows(ForbiddenException.class, () -> DB.inTransaction(em -> service(em).changeStatus(
                pothole.getId(), ReportStatus.RESOLVED, "handed over already", roadsOperator)),
                "once handed over, the report is the other body's");
        assertEquals(ReportStatus.RESOLVED, DB.inTransaction(em -> service(em).changeStatus(leak.getId(),
                ReportStatus.RESOLVED, "A global operator acts everywhere", OPERATOR)).getStatus());
    }

    @Test
    void changingRetiringAndTheDefault() {
        Body first = create(body("Call centre", rule("road", district(1, 1))).add("default", true));
        Body second = create(body("Second").add("default", true));
        assertFalse(get(first.getId()).isDefault(), "one default at a time");
        assertTrue(get(second.getId()).isDefault());

        Body changed = DB.inTransaction(em -> new Bodies(em, CATEGORIES, clock).change(first.getId(),
                json().add("name", json().add("en", "Hotline").add("fr", "Standard"))
                        .add("rules", Outbox.JSON.createArrayBuilder().add(rule("water", null)))
                        .add("delivery", json().add("type", "email").add("email", "hotline@city.example")).build(),
                Locale.ENGLISH, ADMIN));
        assertEquals("Standard", changed.name(Locale.FRENCH, Locale.ENGLISH));
        assertEquals(Body.Target.EMAIL, changed.getTargetKind());
        assertEquals("hotline@city.example", changed.getTarget());
        assertEquals(List.of("water"), DB.inTransaction(em -> new Bodies(em, CATEGORIES, clock).rules(first.getId()))
                .stream().map(BodyRule::getCategory).toList(), "rules are replaced as a whole");
        Report leak = at("water", 3, 3);
        assertEquals(first.getId(), leak.getBodyId());

        DB.inTransaction(em -> new Bodies(em, CATEGORIES, clock).retire(first.getId(), ADMIN));
        assertEquals(second.getId(), at("water", 3, 3).getBodyId(), "a retired body routes no new report");
        assertEquals(first.getId(), DB.inTransaction(em -> service(em).get(leak.getId())).getBodyId(),
                "its reports keep it");
        assertEquals(List.of(leak.getId()), queue(first.getId()), "body= still finds them");
        assertEquals(List.of(second.getId()), DB.inTransaction(em -> new Bodies(em, CATEGORIES, clock).list())
                .stream().map(Body::getId).toList());
        Body third = create(body("Water board", rule("water", null)));
        assertEquals(third.getId(), at("water", 3, 3).getBodyId(), "the retired body's rule is free again");
        ConflictException retired = assertThrows(ConflictException.class, () -> DB.inTransaction(em ->
                new Bodies(em, CATEGORIES, clock).change(first.getId(), json().add("name", "Back").build(),
                        Locale.ENGLISH, ADMIN)));
        assertEquals("body-retired", retired.reason());
        assertEquals(List.of("body.created", "body.changed", "body.retired"), DB.query("SELECT action FROM"
                        + " fmq_audit_entry WHERE target_id = ? ORDER BY occurred_at, id", first.getId()).stream()
                .map(row -> (String) row.get(0)).distinct().toList());
    }

    @Test
    void whatAnAdministratorIsRefused() {
        create(body("Roads", rule("road", district(2, 3))));
        ConflictException taken = assertThrows(ConflictException.class, () -> create(body("Roads again",
                rule("road", district(2, 3)))));
        assertEquals("body-rule-taken", taken.reason());

        ValidationException invalid = assertThrows(ValidationException.class, () -> create(json()
                .add("rules", Outbox.JSON.createArrayBuilder().add(rule("no-such-category", null))
                        .add(rule(null, "no-such-area")))
                .add("delivery", json().add("type", "webhook").add("webhook", "no-such-webhook"))
                .add("default", "yes")));
        assertEquals(List.of("name", "delivery.webhook", "rules[0].category", "rules[1].area", "default"),
                invalid.errors().stream().map(e -> e.field()).toList());
        for (JsonObjectBuilder delivery : List.of(json().add("type", "fax"), json().add("type", "email")
                .add("email", "not an address"), json().add("type", "connector").add("connector", "Not An Id"))) {
            assertThrows(ValidationException.class, () -> create(body("X").add("delivery", delivery)));
        }
        assertThrows(ForbiddenException.class, () -> DB.inTransaction(em -> new Bodies(em, CATEGORIES, clock)
                .create(body("Mine").build(), Locale.ENGLISH, OPERATOR)));
        assertEquals(1, DB.inTransaction(em -> new Bodies(em, CATEGORIES, clock).list()).size(),
                "nothing refused was stored");
    }

    private ReportService service(jakarta.persistence.EntityManager em) {
        return new ReportService(em, CATEGORIES, clock);
    }

    private Report at(String category, int row, int column) {
        // Clear of the hole some districts have in their middle.
        return report(category, TestCity.lat(row) + 0.002, TestCity.lon(column) + 0.002, null);
    }

    private Report report(String category, Double lat, Double lon, String address) {
        clock.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> service(em).create(new NewReport("A problem", null, category, lat, lon,
                lat == null ? null : 5.0, address), CITIZEN));
    }

    private Set<String> areaNames(Report report) {
        return DB.inTransaction(em -> new Areas(em, clock).ofReport(report.getId()).stream()
                .map(a -> a.name(Locale.ENGLISH, null)).collect(Collectors.toSet()));
    }

    private List<String> queue(String bodyId) {
        List<String> newestFirst = DB.inTransaction(em -> service(em).list(new ReportFilter(null, null, null, 50)
                .withBody(bodyId)).items().stream().map(Report::getId).toList());
        List<String> oldestFirst = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private Body create(JsonObjectBuilder body) {
        clock.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> new Bodies(em, CATEGORIES, clock).create(body.build(), Locale.ENGLISH, ADMIN));
    }

    private Body get(String id) {
        return DB.inTransaction(em -> new Bodies(em, CATEGORIES, clock).get(id));
    }

    private String city() {
        return areas.get(TestCity.CITY);
    }

    private String district(int row, int column) {
        return areas.get(TestCity.district(row, column));
    }

    private static JsonObjectBuilder json() {
        return Outbox.JSON.createObjectBuilder();
    }

    private static JsonObjectBuilder body(String name, JsonObjectBuilder... rules) {
        JsonArrayBuilder list = Outbox.JSON.createArrayBuilder();
        for (JsonObjectBuilder rule : rules) {
            list.add(rule);
        }
        return json().add("name", name).add("rules", list);
    }

    private static JsonObjectBuilder rule(String category, String area) {
        JsonObjectBuilder rule = json();
        if (category != null) {
            rule.add("category", category);
        }
        if (area != null) {
            rule.add("area", area);
        }
        return rule;
    }
}
