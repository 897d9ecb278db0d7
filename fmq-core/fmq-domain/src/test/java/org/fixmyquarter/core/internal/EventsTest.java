package org.fixmyquarter.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.TestCategories;

import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.event.ReportSnapshot;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.junit.jupiter.api.Test;

/**
 * Protects what plugins receive: the outbox envelopes {@link ReportService} writes read back into
 * SPI events with every field of the report intact, absent optional fields as {@code null}, and
 * event types plugins do not receive skipped. The envelopes come from the real service over an
 * entity manager that only keeps what is persisted, so writer and reader cannot drift apart.
 */
class EventsTest {

    private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.123456789Z");
    private static final Instant CHANGED = Instant.parse("2025-03-02T08:00:00.5Z");

    /** Keeps what is persisted and finds reports among it; anything else is not expected. */
    /** A query that takes any parameters and finds nothing. */
    private static jakarta.persistence.TypedQuery<?> noRows() {
        return (jakarta.persistence.TypedQuery<?>) Proxy.newProxyInstance(
                jakarta.persistence.TypedQuery.class.getClassLoader(),
                new Class<?>[] {jakarta.persistence.TypedQuery.class}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "setParameter":
                        case "setMaxResults":
                            return self;
                        case "getResultList":
                            return List.of();
                        case "getResultStream":
                            return java.util.stream.Stream.empty();
                        default:
                            throw new UnsupportedOperationException("Query." + method.getName());
                    }
                });
    }

    private static final class Store {
        final List<Object> persisted = new ArrayList<>();
        final EntityManager em = (EntityManager) Proxy.newProxyInstance(EntityManager.class.getClassLoader(),
                new Class<?>[] {EntityManager.class}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "persist":
                            persisted.add(args[0]);
                            return null;
                        case "find":
                            return persisted.stream().filter(o -> o instanceof Report r && r.getId().equals(args[1]))
                                    .findFirst().orElse(null);
                        case "flush":
                            return null;
                        case "createNativeQuery":
                        case "createQuery":
                            // Routing looks for the areas of a new report's position and for the
                            // bodies of its category: there are none.
                            return noRows();
                        default:
                            throw new UnsupportedOperationException("EntityManager." + method.getName());
                    }
                });

        ReportService at(Instant now) {
            return new ReportService(em, TestCategories.catalog(), Clock.fixed(now, ZoneOffset.UTC));
        }

        OutboxEvent lastEvent() {
            for (int i = persisted.size() - 1; i >= 0; i--) {
                if (persisted.get(i) instanceof OutboxEvent event) {
                    return event;
                }
            }
            throw new AssertionError("no outbox event in " + persisted);
        }
    }

    @Test
    void reportCreatedReadsBackEveryField() {
        Store store = new Store();
        Report report = store.at(CREATED).create(new NewReport("Pothole on Main Street", "A deep hole, 30 cm",
                "road", 52.520008, 13.404954, 7.5, "Main Street 1"), Actor.citizen("user-1", "Alice"));
        OutboxEvent row = store.lastEvent();

        ReportCreated event = assertInstanceOf(ReportCreated.class, Events.parse(row.getPayload()).orElseThrow());

        Instant stored = CREATED.truncatedTo(ChronoUnit.MICROS);
        assertEquals(row.getId(), event.eventId(), "the id receivers use to drop duplicates");
        assertEquals(stored, event.occurredAt());
        assertEquals(new ReportSnapshot(report.getId(), "Pothole on Main Street", "A deep hole, 30 cm", "road",
                52.520008, 13.404954, 7.5, "Main Street 1", "open", "Alice", stored, stored), event.report());
    }

    @Test
    void statusChangeReadsBackFromToActorAndReason() {
        Store store = new Store();
        Report report = store.at(CREATED).create(new NewReport("Broken lamp", null, "lighting", -33.8688, 151.2093,
                null, null), Actor.ANONYMOUS);
        store.at(CHANGED).changeStatus(report.getId(), ReportStatus.IN_PROGRESS, "  Crew sent  ",
                Actor.of("staff-7", "Bob (roads department)", Role.OPERATOR));
        OutboxEvent row = store.lastEvent();

        ReportStatusChanged event = assertInstanceOf(ReportStatusChanged.class,
                Events.parse(row.getPayload()).orElseThrow());

        assertEquals(row.getId(), event.eventId());
        assertEquals(CHANGED, event.occurredAt());
        assertEquals("open", event.from());
        assertEquals("in_progress", event.to());
        assertEquals("Bob (roads department)", event.actorName());
        assertEquals("Crew sent", event.reason());
        ReportSnapshot snapshot = event.report();
        assertEquals("in_progress", snapshot.status());
        assertEquals("Anonymous", snapshot.authorName(), "the author stays the reporter, not the actor");
        assertEquals(CREATED.truncatedTo(ChronoUnit.MICROS), snapshot.createdAt());
        assertEquals(CHANGED, snapshot.updatedAt());
    }

    @Test
    void absentOptionalFieldsReadBackAsNull() {
        Store store = new Store();
        store.at(CREATED).create(new NewReport("Broken lamp", "   ", "lighting", 0.0, 0.0, null, null),
                Actor.ANONYMOUS);

        ReportSnapshot snapshot = Events.parse(store.lastEvent().getPayload()).orElseThrow().report();

        assertNull(snapshot.description());
        assertNull(snapshot.accuracyMetres());
        assertNull(snapshot.address());
        assertEquals(0.0, snapshot.latitude());
        assertEquals(0.0, snapshot.longitude());
        assertTrue(snapshot.hasPosition(), "0, 0 is a position, not the absence of one");
    }

    @Test
    void reportWithoutPositionReachesPluginsWithNaNCoordinates() {
        Store store = new Store();
        store.at(CREATED).create(new NewReport("Dark canal path", null, "lighting", null, null, null,
                "Canal path, Quartier Saint-Vincent"), Actor.ANONYMOUS);

        String payload = store.lastEvent().getPayload();
        ReportSnapshot snapshot = Events.parse(payload).orElseThrow().report();

        assertFalse(payload.contains("\"lat\""), payload);
        assertFalse(snapshot.hasPosition());
        assertTrue(Double.isNaN(snapshot.latitude()));
        assertTrue(Double.isNaN(snapshot.longitude()));
        assertEquals("Canal path, Quartier Saint-Vincent", snapshot.address());
    }

    @Test
    void typeThatPluginsDoNotReceiveIsSkipped() {
        assertEquals(Optional.empty(), Events.parse(envelope("report.commented", minimalData())));
    }

    @Test
    void olderEnvelopeWithoutAuthorOrTimesStillReadsBack() {
        // Rows written before the summary carried these fields must still be delivered.
        ReportEvent event = Events.parse(envelope(ReportCreated.TYPE, minimalData())).orElseThrow();

        assertEquals("Anonymous", event.report().authorName());
        assertEquals(CHANGED, event.report().createdAt());
        assertEquals(CHANGED, event.report().updatedAt());
    }

    private static JsonObject minimalData() {
        return Outbox.JSON.createObjectBuilder().add("reportId", "r1").add("title", "Broken lamp")
                .add("category", "lighting").add("status", "open").add("lat", 1.5).add("lon", -2.25).build();
    }

    /** The envelope as {@link Outbox#record} writes it. */
    private static String envelope(String type, JsonObject data) {
        return Outbox.JSON.createObjectBuilder().add("id", "evt-1").add("type", type)
                .add("occurredAt", CHANGED.toString()).add("data", data).build().toString();
    }
}
