package org.fixmyquarter.plugins.connector.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.event.EventOrigin;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportSnapshot;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;
import org.fixmyquarter.spi.helpdesk.HelpdeskUpdate;
import org.fixmyquarter.spi.tck.SampleEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector against a real HTTP endpoint ({@link FakeOpen311}): what it posts, the id it keeps,
 * how it classifies failures, that a redelivery never makes a second request, and what it reads
 * back.
 */
class Open311ConnectorTest {

    private FakeOpen311 endpoint;
    private Open311Connector connector;

    @BeforeEach
    void start() throws Exception {
        endpoint = new FakeOpen311();
        connector = started(Map.of());
    }

    @AfterEach
    void stop() {
        connector.close();
        endpoint.close();
    }

    private Open311Connector started(Map<String, String> extra) throws PluginException {
        Map<String, String> settings = new HashMap<>(Map.of("endpoint", endpoint.endpoint() + "/",
                "api-key", FakeOpen311.API_KEY, "jurisdiction-id", FakeOpen311.JURISDICTION,
                "service-codes", "pothole=PT01, streetlight-out=SL02", "ticket-url", "https://helpdesk.example/r/{id}"));
        settings.putAll(extra);
        Open311Connector created = new Open311Connector();
        created.init(PluginConfig.of(settings));
        return created;
    }

    private static ReportCreated created(String id, ReportSnapshot like) {
        ReportSnapshot report = new ReportSnapshot(id, like.title(), like.description(), like.category(), like.latitude(),
                like.longitude(), like.accuracyMetres(), like.address(), like.status(), like.authorName(),
                Instant.now(), Instant.now());
        return new ReportCreated("evt-" + id, Instant.now(), report);
    }

    @Test
    void postsTheReportAsAServiceRequestForm() throws Exception {
        ReportCreated event = SampleEvents.reportCreated();
        ReportSnapshot report = event.report();
        HelpdeskTicket ticket = connector.submit(event);

        FakeOpen311.Received post = endpoint.posts().get(0);
        assertEquals("requests.json", post.path());
        assertTrue(post.contentType().startsWith("application/x-www-form-urlencoded"), post.contentType());
        Map<String, String> form = post.params();
        assertEquals(FakeOpen311.API_KEY, form.get("api_key"));
        assertEquals(FakeOpen311.JURISDICTION, form.get("jurisdiction_id"));
        assertEquals("PT01", form.get("service_code"));
        assertEquals(report.latitude(), Double.parseDouble(form.get("lat")));
        assertEquals(report.longitude(), Double.parseDouble(form.get("long")));
        assertEquals(report.address(), form.get("address_string"));
        assertEquals(report.authorName(), form.get("first_name"));
        assertEquals(report.title() + "\n\n" + report.description() + "\n\n[FixMyQuarter report " + report.id() + "]",
                form.get("description"));
        assertFalse(form.containsKey("email"), "the snapshot has no e-mail address");

        assertEquals(endpoint.requests.keySet().iterator().next(), ticket.externalId(), "service_request_id is kept");
        assertEquals("https://helpdesk.example/r/" + ticket.externalId(), ticket.url());
    }

    @Test
    void theRequestThatCausedTheEventIsNamedToTheHelpdesk() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        new EventOrigin("req-311-a", traceparent).during(() -> connector.submit(SampleEvents.reportCreated()));
        connector.submit(created("no-origin", SampleEvents.reportCreated().report()));

        FakeOpen311.Received caused = endpoint.posts().get(0);
        assertEquals("req-311-a", caused.requestId(), "X-Request-Id of the request that caused the event");
        assertEquals(traceparent, caused.traceparent(), "the delivery's trace context");
        FakeOpen311.Received other = endpoint.posts().get(1);
        assertNull(other.requestId(), "outside a delivery of an event a request caused, no X-Request-Id");
        assertNull(other.traceparent());
    }

    @Test
    void aReportWithoutPositionIsSentWithItsAddressOnly() throws Exception {
        ReportCreated event = SampleEvents.unlocatedReportCreated();
        HelpdeskTicket ticket = connector.submit(event);

        Map<String, String> form = endpoint.posts().get(0).params();
        assertFalse(form.containsKey("lat") || form.containsKey("long"), form.toString());
        assertEquals(event.report().address(), form.get("address_string"));
        assertEquals("SL02", form.get("service_code"));
        assertFalse(form.containsKey("first_name"), "an anonymous author has no name to send");
        assertTrue(endpoint.requests.containsKey(ticket.externalId()));
    }

    @Test
    void aRedeliveryNeverPostsTwice() throws Exception {
        ReportCreated event = created("redelivered1", SampleEvents.reportSnapshot());
        HelpdeskTicket first = connector.submit(event);
        assertEquals(first, connector.submit(event), "the same instance remembers the case");

        // After a restart (the server crashed before storing the case), the endpoint is asked first.
        Open311Connector restarted = started(Map.of());
        try {
            assertEquals(first.externalId(), restarted.submit(event).externalId());
        } finally {
            restarted.close();
        }
        assertEquals(1, endpoint.posts().size(), "posts: " + endpoint.posts());
        assertEquals(1, endpoint.requests.size());
    }

    @Test
    void concurrentDeliveriesOfOneReportPostOnce() throws Exception {
        ReportCreated event = created("concurrent1", SampleEvents.reportSnapshot());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<HelpdeskTicket>> calls = List.of(() -> connector.submit(event), () -> connector.submit(event),
                    () -> connector.submit(event), () -> connector.submit(event));
            List<String> ids = new java.util.ArrayList<>();
            for (Future<HelpdeskTicket> result : pool.invokeAll(calls)) {
                ids.add(result.get().externalId());
            }
            assertEquals(1, ids.stream().distinct().count(), ids.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, endpoint.posts().size());
    }

    @Test
    void anEndpointThatCannotSearchStillGetsTheReportOnce() throws Exception {
        endpoint.refuseSearches = true;
        HelpdeskTicket ticket = connector.submit(created("nosearch1", SampleEvents.reportSnapshot()));
        assertTrue(endpoint.requests.containsKey(ticket.externalId()));
        assertEquals(1, endpoint.posts().size());
    }

    @Test
    void withoutTheCheckOnlyTheMemoryPreventsASecondPost() throws Exception {
        Open311Connector unchecked = started(Map.of("check-before-post", "false"));
        try {
            unchecked.submit(created("nocheck1", SampleEvents.reportSnapshot()));
            assertTrue(endpoint.received().stream().noneMatch(r -> r.method().equals("GET")), "no search");
            assertEquals(1, endpoint.posts().size());
        } finally {
            unchecked.close();
        }
    }

    @Test
    void anAsynchronousEndpointsTokenIsKeptAndResolvedLater() throws Exception {
        endpoint.asynchronous = true;
        HelpdeskTicket ticket = connector.submit(created("async1", SampleEvents.reportSnapshot()));
        assertTrue(ticket.externalId().startsWith("token:tok-"), ticket.toString());
        assertNull(ticket.url(), "no request id yet to link to");

        assertEquals(List.of(), connector.updates(List.of(ticket), null), "not made yet: nothing to say");
        String token = ticket.externalId().substring("token:".length());
        String requestId = endpoint.resolve(token);
        endpoint.request(requestId).notes = "Received by the roads department";
        List<HelpdeskUpdate> updates = connector.updates(List.of(ticket), null);
        assertEquals(1, updates.size(), updates.toString());
        assertEquals(ticket.externalId(), updates.get(0).externalId(), "named as the server knows the case");
        assertEquals("Received by the roads department", updates.get(0).notes());
    }

    @Test
    void aRefusalIsNotRetryableAndSaysWhy() {
        PluginException refused = assertThrows(PluginException.class,
                () -> started(Map.of("api-key", "wrong")).submit(SampleEvents.reportCreated()));
        assertFalse(refused.isRetryable());
        assertTrue(refused.getMessage().contains("HTTP 403") && refused.getMessage().contains("Invalid api_key"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong"), "the api key stays out of messages");

        PluginException badCode = assertThrows(PluginException.class,
                () -> started(Map.of("service-codes", "pothole=NOPE")).submit(SampleEvents.reportCreated()));
        assertFalse(badCode.isRetryable());
        assertTrue(badCode.getMessage().contains("Service code NOPE is invalid"), badCode.getMessage());
    }

    @Test
    void overloadAndServerErrorsAreRetryable() throws Exception {
        Open311Connector unchecked = started(Map.of("check-before-post", "false"));
        try {
            endpoint.answerNext(429, FakeOpen311.error(429, "Slow down"));
            PluginException throttled = assertThrows(PluginException.class,
                    () -> unchecked.submit(created("busy1", SampleEvents.reportSnapshot())));
            assertTrue(throttled.isRetryable());
            assertTrue(throttled.getMessage().contains("HTTP 429") && throttled.getMessage().contains("Slow down"));

            endpoint.answerNext(503, "<html>Service Unavailable</html>");
            PluginException down = assertThrows(PluginException.class,
                    () -> unchecked.submit(created("busy1", SampleEvents.reportSnapshot())));
            assertTrue(down.isRetryable());
            assertTrue(down.getMessage().contains("Service Unavailable"), down.getMessage());

            // The retry after the failures goes through.
            HelpdeskTicket ticket = unchecked.submit(created("busy1", SampleEvents.reportSnapshot()));
            assertTrue(endpoint.requests.containsKey(ticket.externalId()));
        } finally {
            unchecked.close();
        }
    }

    @Test
    void aSuccessThatIsNoOpen311AnswerIsNotRetried() throws Exception {
        Open311Connector unchecked = started(Map.of("check-before-post", "false"));
        try {
            endpoint.answerNext(200, FakeOpen311.error(400, "description is required"));
            PluginException errors = assertThrows(PluginException.class,
                    () -> unchecked.submit(created("odd1", SampleEvents.reportSnapshot())));
            assertFalse(errors.isRetryable());
            assertTrue(errors.getMessage().contains("description is required (code 400)"), errors.getMessage());

            endpoint.answerNext(200, "<html><body>Please sign in</body></html>");
            PluginException page = assertThrows(PluginException.class,
                    () -> unchecked.submit(created("odd1", SampleEvents.reportSnapshot())));
            assertFalse(page.isRetryable());
            assertTrue(page.getMessage().contains("not with an Open311 JSON array") && page.getMessage().contains("Please sign in"),
                    page.getMessage());
        } finally {
            unchecked.close();
        }
    }

    @Test
    void aCategoryWithoutServiceCodeIsRefusedWithoutACall() throws Exception {
        ReportSnapshot like = SampleEvents.reportSnapshot();
        ReportSnapshot graffiti = new ReportSnapshot("graffiti1", "Tags", null, "graffiti", like.latitude(),
                like.longitude(), null, null, "open", "Anonymous", Instant.now(), Instant.now());
        PluginException e = assertThrows(PluginException.class,
                () -> connector.submit(new ReportCreated("evt-g", Instant.now(), graffiti)));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("'graffiti'"), e.getMessage());
        assertEquals(List.of(), endpoint.received());

        Open311Connector withDefault = started(Map.of("default-service-code", "GEN"));
        try {
            withDefault.submit(new ReportCreated("evt-g", Instant.now(), graffiti));
            assertEquals("GEN", endpoint.posts().get(0).params().get("service_code"));
        } finally {
            withDefault.close();
        }
    }

    @Test
    void aHangingEndpointIsARetryableFailureWithinTheTimeout() throws Exception {
        Open311Connector impatient = started(Map.of("request-timeout", "PT1S"));
        try {
            endpoint.hang = true;
            long start = System.nanoTime();
            PluginException e = assertThrows(PluginException.class,
                    () -> impatient.submit(created("hang1", SampleEvents.reportSnapshot())));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(e.isRetryable());
            assertTrue(e.getMessage().contains("no answer") && e.getMessage().contains("PT1S"), e.getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "gave up after " + took);
        } finally {
            impatient.close();
        }
    }

    @Test
    void anUnreachableEndpointIsRetryable() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Open311Connector nowhere = started(Map.of("endpoint", "http://127.0.0.1:" + port + "/open311"));
        try {
            PluginException e = assertThrows(PluginException.class, () -> nowhere.submit(SampleEvents.reportCreated()));
            assertTrue(e.isRetryable(), e.getMessage());
        } finally {
            nowhere.close();
        }
    }

    @Test
    void updatesSayOpenOrClosedWithTheNotes() throws Exception {
        HelpdeskTicket first = connector.submit(created("upd1", SampleEvents.reportSnapshot()));
        HelpdeskTicket second = connector.submit(created("upd2", SampleEvents.unlocatedReportSnapshot()));
        FakeOpen311.ServiceRequest closed = endpoint.request(second.externalId());
        closed.status = "closed";
        closed.notes = "Lamp replaced";
        closed.updated = Instant.now().plusSeconds(60);

        List<HelpdeskUpdate> updates = connector.updates(List.of(first, second, new HelpdeskTicket("999999", null)), null);
        assertEquals(2, updates.size(), updates.toString());
        HelpdeskUpdate open = updates.get(0);
        assertEquals(first.externalId(), open.externalId());
        assertEquals(HelpdeskUpdate.Status.OPEN, open.status());
        assertNull(open.notes());
        HelpdeskUpdate done = updates.get(1);
        assertEquals(second.externalId(), done.externalId());
        assertEquals(HelpdeskUpdate.Status.CLOSED, done.status());
        assertEquals("Lamp replaced", done.notes());
        assertEquals(closed.updated.getEpochSecond(), done.updatedAt().getEpochSecond(), "the offset is read");

        FakeOpen311.Received asked = endpoint.received().get(endpoint.received().size() - 1);
        assertEquals("requests.json", asked.path());
        assertEquals(first.externalId() + "," + second.externalId() + ",999999", asked.params().get("service_request_id"));
        assertEquals(FakeOpen311.JURISDICTION, asked.params().get("jurisdiction_id"));
    }

    @Test
    void listedUpdatesAreReadWhereTheEndpointHasThem() throws Exception {
        Open311Connector withUpdates = started(Map.of("service-request-updates", "true"));
        try {
            HelpdeskTicket ticket = withUpdates.submit(created("list1", SampleEvents.reportSnapshot()));
            Instant before = Instant.now().minusSeconds(3600);
            endpoint.listedUpdates.add("{\"update_id\":\"u1\",\"service_request_id\":\"" + ticket.externalId()
                    + "\",\"status\":\"INVESTIGATING\",\"updated_datetime\":\"2026-01-05T10:00:00+01:00\","
                    + "\"description\":\"A crew will look at it\"}");
            endpoint.listedUpdates.add("{\"update_id\":\"u2\",\"service_request_id\":\"" + ticket.externalId()
                    + "\",\"status\":\"FIXED\",\"external_status_code\":\"RESURFACED\","
                    + "\"updated_datetime\":\"2026-01-06T10:00:00+01:00\",\"description\":\"Filled\"}");
            endpoint.listedUpdates.add("{\"update_id\":\"u3\",\"service_request_id\":\"someone-else\","
                    + "\"status\":\"CLOSED\",\"updated_datetime\":\"2026-01-06T10:00:00Z\"}");

            List<HelpdeskUpdate> updates = withUpdates.updates(List.of(ticket), before);
            assertEquals(3, updates.size(), updates.toString());
            assertEquals("A crew will look at it", updates.get(0).notes());
            assertEquals(HelpdeskUpdate.Status.OPEN, updates.get(0).status());
            assertEquals("investigating", updates.get(0).externalStatus());
            assertEquals(Instant.parse("2026-01-05T09:00:00Z"), updates.get(0).updatedAt());
            assertEquals(HelpdeskUpdate.Status.CLOSED, updates.get(1).status());
            assertEquals("RESURFACED", updates.get(1).externalStatus());
            // The request's current state, from requests.json, is the newest.
            assertEquals(HelpdeskUpdate.Status.OPEN, updates.get(2).status());
            assertTrue(endpoint.received().stream().anyMatch(r -> r.path().equals("servicerequestupdates.json")
                    && r.params().get("start_date") != null));
        } finally {
            withUpdates.close();
        }
    }

    @Test
    void withoutAnEndpointItIsNotConfigured() {
        PluginException e = assertThrows(PluginException.class, () -> new Open311Connector().init(PluginConfig.empty()));
        assertTrue(e.getMessage().startsWith("not configured: set 'endpoint'"), e.getMessage());
        assertFalse(e.isRetryable());
    }

    @Test
    void wrongSettingsAreNamed() {
        Map<String, String> base = Map.of("endpoint", "http://127.0.0.1:1/x", "api-key", "k", "default-service-code", "G");
        assertSettingRefused(base, "api-key", null, "'api-key'");
        assertSettingRefused(base, "endpoint", "ftp://x", "'endpoint' must be an absolute http");
        assertSettingRefused(base, "default-service-code", null, "'service-codes' or 'default-service-code'");
        assertSettingRefused(base, "service-codes", "pothole", "category=service_code");
        assertSettingRefused(base, "request-timeout", "PT0S", "'request-timeout' must be longer than zero");
        assertSettingRefused(base, "check-before-post", "maybe", "'check-before-post' must be true or false");
    }

    private static void assertSettingRefused(Map<String, String> base, String key, String value, String expected) {
        Map<String, String> settings = new HashMap<>(base);
        settings.put(key, value);
        PluginException e = assertThrows(PluginException.class, () -> new Open311Connector().init(PluginConfig.of(settings)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void oneKeyPerCategoryMapsToo() throws Exception {
        Open311Connector keyed = started(Map.of("service-codes", "", "service-code.pothole", "GEN"));
        try {
            keyed.submit(SampleEvents.reportCreated());
            assertEquals("GEN", endpoint.posts().get(0).params().get("service_code"));
        } finally {
            keyed.close();
        }
    }

    @Test
    void aLongDescriptionKeepsItsReference() {
        ReportSnapshot like = SampleEvents.reportSnapshot();
        ReportSnapshot wordy = new ReportSnapshot("wordy1", "Long", "x".repeat(5000), "pothole", like.latitude(),
                like.longitude(), null, null, "open", "Anonymous", Instant.now(), Instant.now());
        String description = Open311Connector.description(wordy);
        assertEquals(Open311Connector.MAX_DESCRIPTION, description.length());
        assertTrue(description.endsWith("[FixMyQuarter report wordy1]"));
    }

    @Test
    void notReadyIsRetryable() {
        PluginException e = assertThrows(PluginException.class, () -> new Open311Connector().submit(SampleEvents.reportCreated()));
        assertTrue(e.isRetryable());
    }

}
