package org.fixmyquarter.core.body;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.MutableClock;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.TestPostgres;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.area.Area;
import org.fixmyquarter.core.area.Areas;
import org.fixmyquarter.core.area.TestCity;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportService;
import org.junit.jupiter.api.Test;

/**
 * Bodies on PostgreSQL: the rules' queries, routing by the most specific area and by the area an
 * address names, the default body, the body= queue and a move give the same answers as on H2
 * ({@link BodiesTest}). Needs PostgreSQL ({@link TestPostgres}): skipped without one, failing in CI.
 */
class BodiesPostgresTest {

    private static final Actor ADMIN = Actor.of("admin-1", "Ada", Role.ADMINISTRATOR);
    private static final Actor OPERATOR = Actor.of("operator-1", "Olga", Role.OPERATOR);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));

    @Test
    void routesQueuesAndMovesAsOnH2() {
        TestPostgres pg = TestPostgres.create("fmq_bodies_test", "BodiesPostgresTest");
        try {
            pg.inTransaction(em -> new Areas(em, clock).importAreas(TestCity.collection(), Locale.ENGLISH, ADMIN));
            Map<String, String> areas = pg.inTransaction(em -> new Areas(em, clock).list().stream()
                    .collect(Collectors.toMap(a -> a.name(Locale.ENGLISH, null), Area::getId)));
            Body city = create(pg, "City roads", "road", areas.get(TestCity.CITY), false);
            Body district = create(pg, "District roads", "road", areas.get(TestCity.district(2, 3)), false);
            Body fallback = create(pg, "Call centre", null, null, true);

            Report inDistrict = report(pg, "road", TestCity.lat(2) + 0.002, TestCity.lon(3) + 0.002, null);
            Report elsewhere = report(pg, "road", TestCity.lat(1) + 0.002, TestCity.lon(1) + 0.002, null);
            Report byAddress = report(pg, "road", null, null, "Rue Neuve, district 2-3");
            Report water = report(pg, "water", null, null, "Somewhere");
            assertEquals(district.getId(), inDistrict.getBodyId());
            assertEquals(city.getId(), elsewhere.getBodyId());
            assertEquals(district.getId(), byAddress.getBodyId());
            assertEquals(fallback.getId(), water.getBodyId());

            pg.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).moveToBody(
                    elsewhere.getId(), district.getId(), "The district's crew has the asphalt", OPERATOR));
            List<String> queue = pg.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock)
                    .list(new ReportFilter(null, null, null, 10).withBody(district.getId())).items().stream()
                    .map(Report::getId).toList());
            assertEquals(List.of(byAddress.getId(), elsewhere.getId(), inDistrict.getId()), queue, "newest first");
        } finally {
            pg.drop();
        }
    }

    private Body create(TestPostgres pg, String name, String category, String area, boolean isDefault) {
        clock.advance(Duration.ofSeconds(1));
        var rule = Outbox.JSON.createObjectBuilder();
        if (category != null) {
            rule.add("category", category);
        }
        if (area != null) {
            rule.add("area", area);
        }
        JsonObject body = Outbox.JSON.createObjectBuilder().add("name", name).add("default", isDefault)
                .add("rules", category == null && area == null ? Outbox.JSON.createArrayBuilder()
                        : Outbox.JSON.createArrayBuilder().add(rule)).build();
        return pg.inTransaction(em -> new Bodies(em, TestCategories.catalog(), clock).create(body, Locale.ENGLISH,
                ADMIN));
    }

    private Report report(TestPostgres pg, String category, Double lat, Double lon, String address) {
        clock.advance(Duration.ofSeconds(1));
        return pg.inTransaction(em -> new ReportService(em, TestCategories.catalog(), clock).create(
                new NewReport("A problem", null, category, lat, lon, lat == null ? null : 5.0, address),
                Actor.citizen("citizen-1", "Rose")));
    }
}
