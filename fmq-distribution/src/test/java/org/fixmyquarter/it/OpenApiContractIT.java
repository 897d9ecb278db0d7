package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import no.nav.security.mock.oauth2.MockOAuth2Server;

import org.fixmyquarter.imaging.TestImages;
import org.fixmyquarter.it.support.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenAPI document at {@code /openapi} tells the truth: real responses of every operation,
 * successes and errors, validate against the schema the document gives for that operation,
 * status and media type (a member the schema does not allow, or a missing required one, fails),
 * and the requests that succeed validate against the request schemas. Every operation has an
 * operationId, a security entry and a schema on every JSON content, and every example validates.
 */
class OpenApiContractIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final String PASSWORD = "a long enough password";
    private static final String INVALID_TOKEN = "invalid token";
    private static final Set<String> CHECKED_STATUSES = Set.of("200", "201", "204", "308", "400", "401", "403",
            "404", "409");
    private static final boolean ON_H2 = !"postgresql".equals(System.getProperty("fmq.it.database"));
    private static final String CONFIRMED_ELSEWHERE = "the Liberty test servers do not confirm addresses and read no "
            + "mail; AccountEmailIT checks it on the shipped jar with an SMTP server";
    /** Statuses of the document that no call below produces, and why none can. */
    private static final Map<String, String> NOT_PRODUCED = Map.ofEntries(
            Map.entry("signIn 403", CONFIRMED_ELSEWHERE),
            Map.entry("verifyEmail 204", CONFIRMED_ELSEWHERE),
            Map.entry("resetPassword 204", CONFIRMED_ELSEWHERE),
            Map.entry("createReport 409", "an Idempotency-Key in flight on another request: ReportPersistenceIT holds one"),
            Map.entry("exchangeToken 404", "the test servers have an identity provider configured"),
            Map.entry("linkIdentity 404", "the test servers have an identity provider configured"),
            Map.entry("revokeRole 409", "removing the last administrator would need every other administrator removed first"),
            Map.entry("redactPhoto 409", "a photo is processing for a moment only, so a call cannot count on it; "
                    + "PhotoServiceTest refuses the redaction of a processing photo"),
            Map.entry(ON_H2 ? "downloadBackup 409" : "downloadBackup 200", ON_H2
                    ? "only a server on another database than embedded H2 refuses it: the PostgreSQL pass checks it"
                    : "only a server on embedded H2 makes one: the H2 pass checks it"));

    private static final int OIDC_PORT = Integer.getInteger("fmq.it.oidc-port", 9393);
    /** The webhook receiver's loopback port (9700-9719 are the webhook tests'). */
    private static final int RECEIVER_PORT = 9704;
    private static HttpServer receiver;
    /** The webhooks made here, removed at the end. */
    private static final List<String> WEBHOOKS = new ArrayList<>();
    private static MockOAuth2Server provider;

    private static JsonNode document;
    private static List<Call> table;
    /** operationId to its method and path template, e.g. {@code POST /api/v1/reports}. */
    private static final Map<String, String[]> OPERATIONS = new LinkedHashMap<>();

    private static String admin;
    private static String citizen;
    private static String citizenId;
    private static String moderator;
    private static String operator;
    private static String citizenHandle;

    /** One call: the operation, how to make it, and the status it must get. */
    private record Call(String operationId, int status, String label, Supplier<HttpRequest.Builder> request,
                        String body) {

        @Override
        public String toString() {
            return operationId + " " + status + " (" + label + ")";
        }
    }

    @BeforeAll
    static void readTheDocumentAndSignIn() throws IOException {
        HttpResponse<String> served = send(request("/openapi").header("Accept", "application/json").GET().build());
        assertEquals(200, served.statusCode());
        document = MAPPER.readTree(served.body());
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().has("operationId")) {
                OPERATIONS.put(op.getValue().get("operationId").asText(),
                        new String[] {op.getKey().toUpperCase(), path.getKey()});
            }
        }));
        admin = adminToken();
        citizenHandle = "contract_" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject account = json(postJson("/api/v1/auth/register", Json.createObjectBuilder()
                .add("email", citizenHandle + "@example.org").add("password", PASSWORD).add("displayName", "Contract")
                .add("handle", citizenHandle).build().toString()));
        citizenId = account.getString("id");
        citizen = login(citizenHandle + "@example.org", PASSWORD);
        moderator = staff("moderator");
        operator = staff("operator");
        provider = new MockOAuth2Server();
        provider.start(OIDC_PORT);
    }

    @AfterAll
    static void stopTheProvider() {
        if (provider != null) {
            provider.shutdown();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        // Left behind, the webhooks would call a closed port for every report the next tests make.
        for (String id : WEBHOOKS) {
            send(request("/api/v1/admin/webhooks/" + id).header("Authorization", "Bearer " + adminToken()).DELETE()
                    .build());
        }
    }

    /**
     * A receiver on loopback answering {@code 410 Gone} at one address and {@code 200} at another,
     * each behind a webhook of its own, and a report both hear of.
     *
     * @return the id of a dead delivery (the 410), of a delivered one, and the dead one's target
     */
    private static String[] deadAndDeliveredDelivery() {
        try {
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", RECEIVER_PORT), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receiver.createContext("/gone", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(410, -1);
            exchange.close();
        });
        receiver.createContext("/ok", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        JsonObject goneHook = json(postJson("/api/v1/admin/webhooks", "{\"url\":\"http://127.0.0.1:" + RECEIVER_PORT
                + "/gone\",\"eventTypes\":[\"report.created\"]}", admin));
        JsonObject okHook = json(postJson("/api/v1/admin/webhooks", "{\"url\":\"http://127.0.0.1:" + RECEIVER_PORT
                + "/ok\",\"eventTypes\":[\"report.created\"]}", admin));
        WEBHOOKS.add(goneHook.getString("id"));
        WEBHOOKS.add(okHook.getString("id"));
        String gone = goneHook.getString("target");
        String ok = okHook.getString("target");
        postJson("/api/v1/reports", "{\"title\":\"Contract webhook\",\"category\":\"pothole\","
                + "\"location\":{\"lat\":45.75,\"lon\":4.83}}");
        String[] ids = new String[3];
        await(Duration.ofSeconds(20), () -> {
            ids[0] = firstDelivery(gone, "dead");
            ids[1] = firstDelivery(ok, "delivered");
            return ids[0] != null && ids[1] != null;
        }, () -> "a dead and a delivered webhook delivery");
        ids[2] = gone;
        return ids;
    }

    private static String firstDelivery(String target, String state) {
        var items = json(get("/api/v1/admin/deliveries?target=" + target + "&state=" + state, admin))
                .getJsonArray("items");
        return items.isEmpty() ? null : items.getJsonObject(0).getString("id");
    }

    private static String staff(String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.org";
        String id = json(postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                .add("password", PASSWORD).add("displayName", role).build().toString())).getString("id");
        postJson("/api/v1/admin/users/" + id + "/roles", "{\"role\":\"" + role + "\"}", admin);
        return login(email, PASSWORD);
    }

    // ---- the calls -------------------------------------------------------------------------

    static Stream<Arguments> calls() {
        return table().stream().map(Arguments::of);
    }

    /** Every call, made once per run: building it creates the reports, comments and accounts they use. */
    private static synchronized List<Call> table() {
        if (table == null) {
            table = buildTable();
        }
        return table;
    }

    private static List<Call> buildTable() {
        List<Call> calls = new ArrayList<>();
        String report = report("Contract pothole");
        String unlocated = json(postJson("/api/v1/reports", "{\"title\":\"Lights out\",\"category\":\"road\","
                + "\"location\":{\"address\":\"Canal path\"}}")).getString("id");

        // Reports
        calls.add(call("createReport", 201, "anonymous", "POST", "/api/v1/reports", null,
                "{\"title\":\"Contract\",\"description\":\"Deep\",\"category\":\"road\",\"location\":{\"lat\":45.75,"
                        + "\"lon\":4.83,\"accuracy\":8,\"address\":\"Rue de la Paix\"}}"));
        calls.add(call("createReport", 201, "signed in, no position", "POST", "/api/v1/reports", citizen,
                "{\"title\":\"Contract\",\"category\":\"road\",\"location\":{\"address\":\"Canal path\"}}"));
        calls.add(call("createReport", 400, "latitude out of range", "POST", "/api/v1/reports", null,
                "{\"title\":\"\",\"category\":\"road\",\"location\":{\"lat\":123,\"lon\":2}}"));
        calls.add(call("getReport", 200, "public", "GET", "/api/v1/reports/" + unlocated, null, null));
        calls.add(call("getReport", 404, "unknown", "GET", "/api/v1/reports/no-such-report", null, null));
        calls.add(call("getReport", 308, "merged", "GET", "/api/v1/reports/" + merged(), null, null));
        calls.add(call("getReport", 200, "hidden, seen by staff", "GET", "/api/v1/reports/" + hidden(), moderator, null));
        calls.add(call("listReports", 200, "JSON", "GET", "/api/v1/reports?limit=3", null, null));
        calls.add(accept(call("listReports", 200, "GeoJSON", "GET", "/api/v1/reports?limit=50", moderator, null),
                "application/geo+json"));
        calls.add(call("listReports", 200, "CSV", "GET", "/api/v1/reports?format=csv&limit=3", null, null));
        calls.add(call("listReports", 400, "unknown status", "GET", "/api/v1/reports?status=lost", null, null));
        calls.add(call("clusterReports", 200, "the world", "GET", "/api/v1/reports/clusters?bbox=-180,-90,180,90&zoom=2",
                moderator, null));
        calls.add(call("clusterReports", 400, "no zoom", "GET", "/api/v1/reports/clusters?bbox=-180,-90,180,90", null,
                null));
        calls.add(call("findSimilarReports", 200, "near", "GET",
                "/api/v1/reports/similar?lat=45.75&lon=4.83&category=road&text=contract", null, null));
        calls.add(call("findSimilarReports", 400, "no position", "GET", "/api/v1/reports/similar?category=road", null,
                null));
        calls.add(call("changeReportStatus", 200, "operator", "POST", "/api/v1/reports/" + report("Status") + "/status",
                operator, "{\"status\":\"in_progress\",\"reason\":\"Crew scheduled\"}"));
        calls.add(call("changeReportStatus", 400, "no reason", "POST", "/api/v1/reports/" + report + "/status",
                operator, "{\"status\":\"resolved\"}"));
        calls.add(call("changeReportStatus", 401, "anonymous", "POST", "/api/v1/reports/" + report + "/status", null,
                "{\"status\":\"resolved\",\"reason\":\"x\"}"));
        calls.add(call("changeReportStatus", 403, "citizen", "POST", "/api/v1/reports/" + report + "/status", citizen,
                "{\"status\":\"resolved\",\"reason\":\"x\"}"));
        calls.add(call("changeReportStatus", 404, "unknown", "POST", "/api/v1/reports/no-such-report/status", operator,
                "{\"status\":\"resolved\",\"reason\":\"x\"}"));
        calls.add(call("changeReportStatus", 409, "resolved to in_progress", "POST", "/api/v1/reports/" + resolved()
                + "/status", operator, "{\"status\":\"in_progress\",\"reason\":\"x\"}"));
        calls.add(call("voteForReport", 200, "citizen", "POST", "/api/v1/reports/" + report + "/vote", citizen, null));
        calls.add(call("getVote", 200, "citizen who voted", "GET", "/api/v1/reports/" + report + "/vote", citizen, null));
        calls.add(call("getVote", 401, "anonymous", "GET", "/api/v1/reports/" + report + "/vote", null, null));
        calls.add(call("getVote", 404, "unknown", "GET", "/api/v1/reports/no-such-report/vote", citizen, null));
        calls.add(call("voteForReport", 404, "unknown", "POST", "/api/v1/reports/no-such-report/vote", citizen, null));
        calls.add(call("withdrawVote", 200, "citizen", "DELETE", "/api/v1/reports/" + report + "/vote", citizen, null));
        calls.add(call("withdrawVote", 404, "unknown", "DELETE", "/api/v1/reports/no-such-report/vote", citizen, null));
        calls.add(call("followReport", 200, "citizen", "POST", "/api/v1/reports/" + report + "/follow", citizen, null));
        calls.add(call("followReport", 404, "unknown", "POST", "/api/v1/reports/no-such-report/follow", citizen, null));
        calls.add(call("unfollowReport", 200, "citizen", "DELETE", "/api/v1/reports/" + report("Unfollow")
                + "/follow", citizen, null));
        calls.add(call("unfollowReport", 404, "unknown", "DELETE", "/api/v1/reports/no-such-report/follow", citizen,
                null));
        calls.add(call("assignReport", 200, "operator", "POST", "/api/v1/reports/" + report + "/assignment", operator,
                "{\"team\":\"Roads\",\"reason\":\"Theirs\"}"));
        calls.add(call("assignReport", 400, "no reason", "POST", "/api/v1/reports/" + report + "/assignment", operator,
                "{\"team\":\"Roads\"}"));
        calls.add(call("assignReport", 403, "citizen", "POST", "/api/v1/reports/" + report + "/assignment", citizen,
                "{\"team\":\"Roads\",\"reason\":\"x\"}"));
        calls.add(call("assignReport", 404, "unknown", "POST", "/api/v1/reports/no-such-report/assignment", operator,
                "{\"team\":\"Roads\",\"reason\":\"x\"}"));
        String flagged = report("Flagged");
        calls.add(call("flagReport", 201, "new", "POST", "/api/v1/reports/" + flagged + "/flags", citizen,
                "{\"reason\":\"duplicate\",\"note\":\"Same hole\",\"duplicateOf\":\"" + report + "\"}"));
        calls.add(call("flagReport", 200, "again", "POST", "/api/v1/reports/" + flagged + "/flags", citizen,
                "{\"reason\":\"spam\"}"));
        calls.add(call("flagReport", 400, "unknown reason", "POST", "/api/v1/reports/" + report + "/flags", citizen,
                "{\"reason\":\"boring\"}"));
        calls.add(call("flagReport", 404, "unknown", "POST", "/api/v1/reports/no-such-report/flags", citizen,
                "{\"reason\":\"spam\"}"));
        calls.add(call("getReportHistory", 200, "every kind", "GET", "/api/v1/reports/" + everyKindOfHistory()
                + "/history", null, null));
        calls.add(call("getReportHistory", 404, "unknown", "GET", "/api/v1/reports/no-such-report/history", null, null));

        // Comments
        String comments = "/api/v1/reports/" + report + "/comments";
        calls.add(call("listComments", 200, "staff see hidden", "GET", "/api/v1/reports/" + commentedReport()
                + "/comments", moderator, null));
        calls.add(call("listComments", 404, "unknown", "GET", "/api/v1/reports/no-such-report/comments", null, null));
        calls.add(call("addComment", 201, "official reply", "POST", comments, operator,
                "{\"text\":\"On Monday @" + citizenHandle + "\",\"official\":true}"));
        calls.add(call("addComment", 400, "blank", "POST", comments, citizen, "{\"text\":\" \"}"));
        calls.add(call("addComment", 403, "official from a citizen", "POST", comments, citizen,
                "{\"text\":\"x\",\"official\":true}"));
        calls.add(call("addComment", 404, "unknown report", "POST", "/api/v1/reports/no-such-report/comments",
                citizen, "{\"text\":\"x\"}"));
        calls.add(call("editComment", 200, "own", "PATCH", comment(report, citizen), citizen, "{\"text\":\"edited\"}"));
        calls.add(call("editComment", 400, "blank", "PATCH", comment(report, citizen), citizen, "{\"text\":\"\"}"));
        calls.add(call("editComment", 403, "someone else's", "PATCH", comment(report, citizen), operator,
                "{\"text\":\"mine now\"}"));
        calls.add(call("editComment", 404, "unknown", "PATCH", comments + "/no-such-comment", citizen,
                "{\"text\":\"x\"}"));
        calls.add(call("editComment", 409, "deleted", "PATCH", deletedComment(report), citizen, "{\"text\":\"x\"}"));
        calls.add(call("deleteComment", 204, "own", "DELETE", comment(report, citizen), citizen, null));
        calls.add(call("deleteComment", 403, "someone else's", "DELETE", comment(report, citizen), operator, null));
        calls.add(call("deleteComment", 404, "unknown", "DELETE", comments + "/no-such-comment", citizen, null));
        calls.add(call("deleteComment", 409, "deleted already", "DELETE", deletedComment(report), citizen, null));
        String flaggedComment = comment(report, operator);
        calls.add(call("flagComment", 201, "new", "POST", flaggedComment + "/flags", citizen,
                "{\"reason\":\"abusive\",\"note\":\"Rude\"}"));
        calls.add(call("flagComment", 200, "again", "POST", flaggedComment + "/flags", citizen, "{\"reason\":\"spam\"}"));
        calls.add(call("flagComment", 400, "no reason", "POST", flaggedComment + "/flags", citizen, "{}"));
        calls.add(call("flagComment", 404, "unknown", "POST", comments + "/no-such-comment/flags", citizen,
                "{\"reason\":\"spam\"}"));

        // Photos
        String photoReport = ownReport("Contract photo");
        String photos = "/api/v1/reports/" + photoReport + "/photos";
        String[] ready = readyPhoto(photoReport);
        String otherCitizen = secondFactorPerson();
        byte[] jpeg = TestImages.jpeg(120, 90);
        calls.add(binary("addReportPhotos", 201, "one image", photos, citizen, "image/jpeg", jpeg));
        calls.add(binary("addReportPhotos", 201, "multipart", photos, citizen, MULTIPART, multipart("photo", jpeg)));
        // The refusals on a report of their own: the calls above fill the first one up.
        String refusals = "/api/v1/reports/" + ownReport("Contract photo refusals") + "/photos";
        calls.add(binary("addReportPhotos", 400, "a part not named photo", refusals, citizen, MULTIPART,
                multipart("file", jpeg)));
        calls.add(binary("addReportPhotos", 403, "not the author", refusals, otherCitizen, "image/jpeg", jpeg));
        calls.add(binary("addReportPhotos", 404, "unknown report", "/api/v1/reports/no-such-report/photos", citizen,
                "image/jpeg", jpeg));
        calls.add(binary("addReportPhotos", 409, "merged report", "/api/v1/reports/" + merged() + "/photos", citizen,
                "image/jpeg", jpeg));
        calls.add(binary("addReportPhotos", 413, "larger than the limit", refusals, citizen, "image/jpeg",
                new byte[10 * 1024 * 1024 + 1]));
        calls.add(binary("addReportPhotos", 415, "an SVG", refusals, citizen, "image/svg+xml", TestImages.svg()));
        calls.add(binary("addReportPhotos", 422, "cut short", refusals, citizen, "image/jpeg",
                TestImages.truncated(TestImages.jpeg(400, 300), 600)));
        calls.add(binary("createReport", 201, "with a photo", "/api/v1/reports", citizen, MULTIPART,
                reportWithPhoto(jpeg)));
        calls.add(new Call("createReport", 403, "photos from a visitor", () -> request("/api/v1/reports")
                .header("Content-Type", MULTIPART).POST(HttpRequest.BodyPublishers.ofByteArray(reportWithPhoto(jpeg))),
                null));
        String photoComment = comment(photoReport, citizen) + "/photos";
        calls.add(binary("addCommentPhotos", 201, "one image", photoComment, citizen, "image/jpeg", jpeg));
        calls.add(binary("addCommentPhotos", 400, "a part not named photo", photoComment, citizen, MULTIPART,
                multipart("file", jpeg)));
        calls.add(binary("addCommentPhotos", 403, "not the comment's author", photoComment, operator, "image/jpeg",
                jpeg));
        calls.add(binary("addCommentPhotos", 404, "unknown comment", photos.replace("/photos",
                "/comments/no-such-comment/photos"), citizen, "image/jpeg", jpeg));
        calls.add(binary("addCommentPhotos", 409, "comment of a merged report", commentOfMergedReport() + "/photos",
                citizen, "image/jpeg", jpeg));
        calls.add(call("listReportPhotos", 200, "public", "GET", photos, null, null));
        calls.add(call("listReportPhotos", 404, "unknown report", "GET", "/api/v1/reports/no-such-report/photos", null,
                null));
        calls.add(call("getReportPhoto", 200, "staff see every file", "GET", photos + "/" + ready[0], moderator, null));
        calls.add(call("getReportPhoto", 404, "unknown", "GET", photos + "/no-such-photo", null, null));
        String deleted = readyPhoto(photoReport)[0];
        calls.add(call("deleteReportPhoto", 403, "someone else's", "DELETE", photos + "/" + deleted, otherCitizen,
                null));
        calls.add(call("deleteReportPhoto", 204, "own", "DELETE", photos + "/" + deleted, citizen, null));
        calls.add(call("deleteReportPhoto", 404, "unknown", "DELETE", photos + "/no-such-photo", citizen, null));
        calls.add(call("getMedia", 200, "a thumbnail", "GET", ready[1], null, null));
        calls.add(call("getMedia", 404, "unknown", "GET", "/api/v1/media/" + "0".repeat(64) + ".jpg", null, null));
        String moderated = "/api/v1/moderation/photos/" + ready[0];
        calls.add(call("hidePhoto", 200, "moderator", "POST", moderated + "/hide", moderator, "{\"reason\":\"A face\"}"));
        calls.add(call("hidePhoto", 400, "no reason", "POST", moderated + "/hide", moderator, "{}"));
        calls.add(call("hidePhoto", 403, "citizen", "POST", moderated + "/hide", citizen, "{\"reason\":\"x\"}"));
        calls.add(call("hidePhoto", 404, "unknown", "POST", "/api/v1/moderation/photos/no-such-photo/hide", moderator,
                "{\"reason\":\"x\"}"));
        calls.add(call("unhidePhoto", 200, "moderator", "POST", moderated + "/unhide", moderator,
                "{\"reason\":\"Blurred instead\"}"));
        calls.add(call("unhidePhoto", 400, "no reason", "POST", moderated + "/unhide", moderator, "{}"));
        calls.add(call("unhidePhoto", 403, "citizen", "POST", moderated + "/unhide", citizen, "{\"reason\":\"x\"}"));
        calls.add(call("unhidePhoto", 404, "unknown", "POST", "/api/v1/moderation/photos/no-such-photo/unhide",
                moderator, "{\"reason\":\"x\"}"));
        String region = "{\"regions\":[{\"x\":0.25,\"y\":0.25,\"width\":0.5,\"height\":0.5}],\"reason\":\"A face\"}";
        calls.add(call("redactPhoto", 200, "moderator", "POST", "/api/v1/moderation/photos/" + readyPhoto(photoReport)[0]
                + "/redact", moderator, region));
        calls.add(call("redactPhoto", 400, "outside the photo", "POST", moderated + "/redact", moderator,
                "{\"regions\":[{\"x\":0.9,\"y\":0,\"width\":0.5,\"height\":0.5}],\"reason\":\"x\"}"));
        calls.add(call("redactPhoto", 403, "citizen", "POST", moderated + "/redact", citizen, region));
        calls.add(call("redactPhoto", 404, "unknown", "POST", "/api/v1/moderation/photos/no-such-photo/redact",
                moderator, region));

        // Moderation
        calls.add(call("listFlaggedContent", 200, "open", "GET", "/api/v1/moderation/flags?limit=100", moderator,
                null));
        calls.add(call("listFlaggedContent", 400, "unknown state", "GET", "/api/v1/moderation/flags?state=gone",
                moderator, null));
        calls.add(call("listFlaggedContent", 403, "citizen", "GET", "/api/v1/moderation/flags", citizen, null));
        calls.add(call("dismissFlags", 200, "a report's", "POST", "/api/v1/moderation/flags/dismiss", moderator,
                "{\"reportId\":\"" + flaggedReport() + "\",\"reason\":\"A real problem\"}"));
        calls.add(call("dismissFlags", 400, "no reason", "POST", "/api/v1/moderation/flags/dismiss", moderator,
                "{\"reportId\":\"" + report + "\"}"));
        calls.add(call("dismissFlags", 403, "operator", "POST", "/api/v1/moderation/flags/dismiss", operator,
                "{\"reportId\":\"" + report + "\",\"reason\":\"x\"}"));
        calls.add(call("dismissFlags", 404, "unknown", "POST", "/api/v1/moderation/flags/dismiss", moderator,
                "{\"reportId\":\"no-such-report\",\"reason\":\"x\"}"));
        calls.add(call("hideReport", 200, "moderator", "POST", "/api/v1/moderation/reports/" + report("Hide")
                + "/hide", moderator, "{\"reason\":\"Shows a car plate\"}"));
        calls.add(call("hideReport", 400, "no reason", "POST", "/api/v1/moderation/reports/" + report + "/hide",
                moderator, "{}"));
        calls.add(call("hideReport", 403, "operator", "POST", "/api/v1/moderation/reports/" + report + "/hide",
                operator, "{\"reason\":\"x\"}"));
        calls.add(call("hideReport", 404, "unknown", "POST", "/api/v1/moderation/reports/no-such-report/hide",
                moderator, "{\"reason\":\"x\"}"));
        calls.add(call("unhideReport", 200, "moderator", "POST", "/api/v1/moderation/reports/" + hidden()
                + "/unhide", moderator, "{\"reason\":\"Plate blurred\"}"));
        calls.add(call("unhideReport", 400, "no reason", "POST", "/api/v1/moderation/reports/" + report + "/unhide",
                moderator, "{}"));
        calls.add(call("unhideReport", 403, "citizen", "POST", "/api/v1/moderation/reports/" + report + "/unhide",
                citizen, "{\"reason\":\"x\"}"));
        calls.add(call("unhideReport", 404, "unknown", "POST", "/api/v1/moderation/reports/no-such-report/unhide",
                moderator, "{\"reason\":\"x\"}"));
        String toHide = commentId(comment(report, citizen));
        calls.add(call("hideComment", 200, "moderator", "POST", "/api/v1/moderation/comments/" + toHide + "/hide",
                moderator, "{\"reason\":\"Insult\"}"));
        calls.add(call("hideComment", 400, "no reason", "POST", "/api/v1/moderation/comments/" + toHide + "/hide",
                moderator, "{}"));
        calls.add(call("hideComment", 403, "citizen", "POST", "/api/v1/moderation/comments/" + toHide + "/hide",
                citizen, "{\"reason\":\"x\"}"));
        calls.add(call("hideComment", 404, "unknown", "POST", "/api/v1/moderation/comments/no-such-comment/hide",
                moderator, "{\"reason\":\"x\"}"));
        calls.add(call("unhideComment", 200, "moderator", "POST", "/api/v1/moderation/comments/"
                + hiddenComment(report) + "/unhide", moderator, "{\"reason\":\"Apologised\"}"));
        calls.add(call("unhideComment", 400, "no reason", "POST", "/api/v1/moderation/comments/" + toHide
                + "/unhide", moderator, "{}"));
        calls.add(call("unhideComment", 403, "operator", "POST", "/api/v1/moderation/comments/" + toHide
                + "/unhide", operator, "{\"reason\":\"x\"}"));
        calls.add(call("unhideComment", 404, "unknown", "POST", "/api/v1/moderation/comments/no-such-comment/unhide",
                moderator, "{\"reason\":\"x\"}"));
        calls.add(call("mergeReport", 200, "duplicate", "POST", "/api/v1/moderation/reports/" + report("Duplicate")
                + "/merge", moderator, "{\"into\":\"" + report + "\",\"reason\":\"Same hole\"}"));
        calls.add(call("mergeReport", 400, "no into", "POST", "/api/v1/moderation/reports/" + report + "/merge",
                moderator, "{\"reason\":\"x\"}"));
        calls.add(call("mergeReport", 404, "unknown", "POST", "/api/v1/moderation/reports/no-such-report/merge",
                moderator, "{\"into\":\"" + report + "\",\"reason\":\"x\"}"));
        calls.add(call("mergeReport", 403, "citizen", "POST", "/api/v1/moderation/reports/" + report + "/merge",
                citizen, "{\"into\":\"" + report + "\",\"reason\":\"x\"}"));
        calls.add(call("mergeReport", 409, "into itself", "POST", "/api/v1/moderation/reports/" + report + "/merge",
                moderator, "{\"into\":\"" + report + "\",\"reason\":\"x\"}"));

        // Accounts
        String email = "contract-" + UUID.randomUUID() + "@example.org";
        String registration = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Ana\","
                + "\"preferredLanguage\":\"pt\"}";
        calls.add(call("register", 201, "new", "POST", "/api/v1/auth/register", null, registration));
        calls.add(call("register", 400, "short password", "POST", "/api/v1/auth/register", null,
                "{\"email\":\"x@example.org\",\"password\":\"short\",\"displayName\":\"X\"}"));
        calls.add(call("register", 409, "address taken", "POST", "/api/v1/auth/register", null,
                "{\"email\":\"" + citizenHandle + "@example.org\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"X\"}"));
        calls.add(call("signIn", 200, "citizen", "POST", "/api/v1/auth/login", null,
                "{\"email\":\"" + citizenHandle + "@example.org\",\"password\":\"" + PASSWORD + "\"}"));
        calls.add(call("signIn", 400, "not JSON", "POST", "/api/v1/auth/login", null, "{\"email\":"));
        calls.add(call("signIn", 401, "wrong password", "POST", "/api/v1/auth/login", null,
                "{\"email\":\"nobody-" + UUID.randomUUID() + "@example.org\",\"password\":\"wrong password\"}"));
        calls.add(call("refreshToken", 200, "citizen", "POST", "/api/v1/auth/refresh", citizen, null));
        calls.add(call("exchangeToken", 200, "city provider", "POST", "/api/v1/auth/token-exchange", null,
                "{\"subject_token\":\"" + providerToken() + "\"}"));
        calls.add(call("exchangeToken", 400, "not JSON", "POST", "/api/v1/auth/token-exchange", null, "[]"));
        calls.add(call("exchangeToken", 401, "not a token", "POST", "/api/v1/auth/token-exchange", null,
                "{\"subject_token\":\"not-a-token\"}"));
        calls.add(call("exchangeToken", 409, "first sign-in with the address of an account", "POST",
                "/api/v1/auth/token-exchange", null, "{\"subject_token\":\"" + newProviderToken("subject-"
                        + UUID.randomUUID(), citizenHandle + "@example.org") + "\"}"));
        String linkedElsewhere = newProviderToken("subject-" + UUID.randomUUID(), "contract-" + UUID.randomUUID()
                + "@example.org");
        ok(postJson("/api/v1/auth/token-exchange", "{\"subject_token\":\"" + linkedElsewhere + "\"}"));
        calls.add(call("linkIdentity", 201, "citizen with the password", "POST", "/api/v1/auth/me/identities", citizen,
                "{\"subject_token\":\"" + newProviderToken() + "\",\"password\":\"" + PASSWORD + "\"}"));
        calls.add(call("linkIdentity", 400, "wrong password", "POST", "/api/v1/auth/me/identities", citizen,
                "{\"subject_token\":\"" + newProviderToken() + "\",\"password\":\"not the password\"}"));
        calls.add(call("linkIdentity", 401, "not a provider token", "POST", "/api/v1/auth/me/identities", citizen,
                "{\"subject_token\":\"not-a-token\",\"password\":\"" + PASSWORD + "\"}"));
        calls.add(call("linkIdentity", 409, "identity of another account", "POST", "/api/v1/auth/me/identities",
                citizen, "{\"subject_token\":\"" + linkedElsewhere + "\",\"password\":\"" + PASSWORD + "\"}"));
        calls.add(call("listMyIdentities", 200, "citizen", "GET", "/api/v1/auth/me/identities", citizen, null));
        org.fixmyquarter.it.support.People.Person linker = org.fixmyquarter.it.support.People.citizen("Contract linker",
                null, null);
        String link = json(ok(postJson("/api/v1/auth/me/identities", "{\"subject_token\":\"" + newProviderToken()
                + "\",\"password\":\"" + PASSWORD + "\"}", linker.token()))).getString("id");
        calls.add(call("unlinkMyIdentity", 204, "own link, with a password", "DELETE", "/api/v1/auth/me/identities/"
                + link, linker.token(), null));
        calls.add(call("unlinkMyIdentity", 404, "no such link", "DELETE", "/api/v1/auth/me/identities/not-mine",
                citizen, null));
        String providerOnly = json(ok(postJson("/api/v1/auth/token-exchange", "{\"subject_token\":\""
                + newProviderToken("subject-" + UUID.randomUUID(), "contract-" + UUID.randomUUID() + "@example.org")
                + "\"}"))).getString("access_token");
        String onlyLink = json(ok(get("/api/v1/auth/me/identities", providerOnly))).getJsonArray("items")
                .getJsonObject(0).getString("id");
        calls.add(call("unlinkMyIdentity", 409, "the only way to sign in", "DELETE", "/api/v1/auth/me/identities/"
                + onlyLink, providerOnly, null));
        calls.add(call("verifyEmail", 400, "unknown token", "POST", "/api/v1/auth/verify-email", null,
                "{\"token\":\"no-such-token\"}"));
        calls.add(call("resendEmailVerification", 202, "any address", "POST", "/api/v1/auth/verify-email/resend", null,
                "{\"email\":\"" + citizenHandle + "@example.org\"}"));
        calls.add(call("resendEmailVerification", 400, "not JSON", "POST", "/api/v1/auth/verify-email/resend", null,
                "{\"email\":"));
        calls.add(call("requestPasswordReset", 202, "an address without account", "POST", "/api/v1/auth/password-reset",
                null, "{\"email\":\"nobody-" + UUID.randomUUID() + "@example.org\"}"));
        calls.add(call("requestPasswordReset", 400, "not JSON", "POST", "/api/v1/auth/password-reset", null, "[]"));
        calls.add(call("resetPassword", 400, "unknown token", "POST", "/api/v1/auth/password-reset/confirm", null,
                "{\"token\":\"no-such-token\",\"password\":\"a brand new passphrase\"}"));
        calls.add(call("getMyAccount", 200, "citizen", "GET", "/api/v1/auth/me", citizen, null));
        calls.add(call("updateMyAccount", 200, "citizen", "PATCH", "/api/v1/auth/me", citizen,
                "{\"displayName\":\"Contract citizen\",\"preferredLanguage\":\"fr\"}"));
        calls.add(call("updateMyAccount", 400, "password without the current one", "PATCH", "/api/v1/auth/me",
                citizen, "{\"password\":\"" + PASSWORD + " too\"}"));
        calls.add(call("updateMyAccount", 409, "handle taken", "PATCH", "/api/v1/auth/me", operator,
                "{\"handle\":\"" + citizenHandle + "\"}"));
        calls.add(call("getJwks", 200, "public", "GET", "/api/v1/auth/jwks", null, null));
        // Sessions of their own: signing out must not end the tokens the other calls use.
        calls.add(call("signOut", 204, "citizen", "POST", "/api/v1/auth/logout",
                login(citizenHandle + "@example.org", PASSWORD), null));
        calls.add(call("signOut", 401, "no token", "POST", "/api/v1/auth/logout", null, null));
        calls.add(call("signOutEverywhere", 204, "another citizen", "POST", "/api/v1/auth/logout-everywhere",
                org.fixmyquarter.it.support.People.citizen("Contract leaver", null, null).token(), null));

        // Second factor: people of their own, so that the other calls' sign-ins need no code.
        String withPassword = "{\"password\":\"" + PASSWORD + "\"}";
        calls.add(call("enrolSecondFactor", 200, "with the password", "POST", "/api/v1/auth/me/second-factor",
                secondFactorPerson(), withPassword));
        calls.add(call("enrolSecondFactor", 400, "wrong password", "POST", "/api/v1/auth/me/second-factor",
                secondFactorPerson(), "{\"password\":\"not the password\"}"));
        String[] enrolled = enrolledPerson();
        calls.add(call("enrolSecondFactor", 409, "has one", "POST", "/api/v1/auth/me/second-factor", enrolled[0],
                withPassword));
        String confirming = secondFactorPerson();
        String secret = json(ok(postJson("/api/v1/auth/me/second-factor", withPassword, confirming)))
                .getString("secret");
        // The code of the moment the call is made: a code is good for about a minute.
        calls.add(new Call("confirmSecondFactor", 200, "a current code", () -> request(
                "/api/v1/auth/me/second-factor/confirm").header("Authorization", "Bearer " + confirming)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"code\":\"" + Totp.code(secret, Totp.now()) + "\"}")), "{\"code\":\"123456\"}"));
        calls.add(call("confirmSecondFactor", 400, "nothing to confirm", "POST",
                "/api/v1/auth/me/second-factor/confirm", secondFactorPerson(), "{\"code\":\"123456\"}"));
        calls.add(call("confirmSecondFactor", 409, "has one", "POST", "/api/v1/auth/me/second-factor/confirm",
                enrolled[0], "{\"code\":\"123456\"}"));
        String[] removing = enrolledPerson();
        calls.add(call("removeMySecondFactor", 204, "password and recovery code", "DELETE",
                "/api/v1/auth/me/second-factor", removing[0], "{\"password\":\"" + PASSWORD
                        + "\",\"recoveryCode\":\"" + removing[1] + "\"}"));
        calls.add(call("removeMySecondFactor", 400, "wrong password", "DELETE", "/api/v1/auth/me/second-factor",
                secondFactorPerson(), "{\"password\":\"not the password\"}"));

        // Administration
        calls.add(call("listAccounts", 200, "administrator", "GET", "/api/v1/admin/users?limit=5", admin, null));
        calls.add(call("listAccounts", 400, "bad limit", "GET", "/api/v1/admin/users?limit=many", admin, null));
        calls.add(call("listAccounts", 403, "moderator", "GET", "/api/v1/admin/users", moderator, null));
        calls.add(call("getAccount", 200, "administrator", "GET", "/api/v1/admin/users/" + citizenId, admin, null));
        calls.add(call("getAccount", 403, "operator", "GET", "/api/v1/admin/users/" + citizenId, operator, null));
        calls.add(call("getAccount", 404, "unknown", "GET", "/api/v1/admin/users/no-such-user", admin, null));
        calls.add(call("grantRole", 201, "held already", "POST", "/api/v1/admin/users/" + citizenId + "/roles", admin,
                "{\"role\":\"citizen\",\"scope\":null}"));
        calls.add(call("grantRole", 400, "scope", "POST", "/api/v1/admin/users/" + citizenId + "/roles", admin,
                "{\"role\":\"citizen\",\"scope\":\"contract\"}"));
        calls.add(call("grantRole", 400, "unknown role", "POST", "/api/v1/admin/users/" + citizenId + "/roles", admin,
                "{\"role\":\"mayor\"}"));
        calls.add(call("grantRole", 403, "citizen", "POST", "/api/v1/admin/users/" + citizenId + "/roles", citizen,
                "{\"role\":\"administrator\"}"));
        calls.add(call("grantRole", 404, "unknown", "POST", "/api/v1/admin/users/no-such-user/roles", admin,
                "{\"role\":\"citizen\"}"));
        // Not the citizen's: roles count from the next request on, and the citizen's calls expect none.
        String grantee = org.fixmyquarter.it.support.People.citizen("Contract grantee", null, null).id();
        calls.add(call("revokeRole", 200, "a grant", "DELETE", "/api/v1/admin/users/" + grantee + "/roles/"
                + grantToRemove(grantee), admin, null));
        calls.add(call("revokeRole", 403, "moderator", "DELETE", "/api/v1/admin/users/" + citizenId
                + "/roles/no-such-grant", moderator, null));
        calls.add(call("revokeRole", 404, "unknown grant", "DELETE", "/api/v1/admin/users/" + citizenId
                + "/roles/no-such-grant", admin, null));
        // The citizen has no second factor: nothing is removed, and its sessions stay open.
        calls.add(call("removeSecondFactor", 204, "administrator", "DELETE", "/api/v1/admin/users/" + citizenId
                + "/second-factor", admin, null));
        calls.add(call("removeSecondFactor", 403, "moderator", "DELETE", "/api/v1/admin/users/" + citizenId
                + "/second-factor", moderator, null));
        calls.add(call("removeSecondFactor", 404, "unknown", "DELETE", "/api/v1/admin/users/no-such-user/second-factor",
                admin, null));
        calls.add(call("listAuditEntries", 200, "administrator", "GET", "/api/v1/admin/audit?limit=50", admin, null));
        calls.add(call("listAuditEntries", 403, "citizen", "GET", "/api/v1/admin/audit", citizen, null));
        calls.add(call("listAuditEntries", 400, "bad limit", "GET", "/api/v1/admin/audit?limit=many", admin, null));
        calls.add(call("listPlugins", 200, "administrator", "GET", "/api/v1/admin/plugins", admin, null));
        calls.add(call("listPlugins", 403, "operator", "GET", "/api/v1/admin/plugins", operator, null));
        calls.add(ON_H2 ? call("downloadBackup", 200, "administrator, H2", "GET", "/api/v1/admin/backup", admin, null)
                : call("downloadBackup", 409, "administrator, PostgreSQL", "GET", "/api/v1/admin/backup", admin, null));
        calls.add(call("downloadBackup", 403, "citizen", "GET", "/api/v1/admin/backup", citizen, null));

        // Webhooks and deliveries
        String hook = "{\"url\":\"http://127.0.0.1:9719/contract\",\"eventTypes\":[\"comment.unhidden\"],"
                + "\"description\":\"OpenApiContractIT\"}";
        String webhook = json(postJson("/api/v1/admin/webhooks", hook, admin)).getString("id");
        WEBHOOKS.add(webhook);
        calls.add(call("createWebhook", 201, "administrator", "POST", "/api/v1/admin/webhooks", admin, hook));
        calls.add(call("createWebhook", 400, "not http", "POST", "/api/v1/admin/webhooks", admin,
                "{\"url\":\"ftp://example.org/hook\"}"));
        calls.add(call("createWebhook", 403, "operator", "POST", "/api/v1/admin/webhooks", operator, hook));
        calls.add(call("listWebhooks", 200, "administrator", "GET", "/api/v1/admin/webhooks", admin, null));
        calls.add(call("listWebhooks", 403, "moderator", "GET", "/api/v1/admin/webhooks", moderator, null));
        calls.add(call("getWebhook", 200, "administrator", "GET", "/api/v1/admin/webhooks/" + webhook, admin, null));
        calls.add(call("getWebhook", 403, "citizen", "GET", "/api/v1/admin/webhooks/" + webhook, citizen, null));
        calls.add(call("getWebhook", 404, "unknown", "GET", "/api/v1/admin/webhooks/no-such-webhook", admin, null));
        calls.add(call("changeWebhook", 200, "administrator", "PATCH", "/api/v1/admin/webhooks/" + webhook, admin,
                "{\"description\":\"changed\",\"enabled\":true}"));
        calls.add(call("changeWebhook", 400, "unknown event", "PATCH", "/api/v1/admin/webhooks/" + webhook, admin,
                "{\"eventTypes\":[\"report.exploded\"]}"));
        calls.add(call("changeWebhook", 403, "operator", "PATCH", "/api/v1/admin/webhooks/" + webhook, operator, "{}"));
        calls.add(call("changeWebhook", 404, "unknown", "PATCH", "/api/v1/admin/webhooks/no-such-webhook", admin,
                "{}"));
        calls.add(call("rotateWebhookSecret", 200, "administrator", "POST", "/api/v1/admin/webhooks/" + webhook
                + "/rotate-secret", admin, null));
        calls.add(call("rotateWebhookSecret", 403, "moderator", "POST", "/api/v1/admin/webhooks/" + webhook
                + "/rotate-secret", moderator, null));
        calls.add(call("rotateWebhookSecret", 404, "unknown", "POST", "/api/v1/admin/webhooks/no-such-webhook"
                + "/rotate-secret", admin, null));
        calls.add(call("deleteWebhook", 204, "administrator", "DELETE", "/api/v1/admin/webhooks/" + json(postJson(
                "/api/v1/admin/webhooks", hook, admin)).getString("id"), admin, null));
        calls.add(call("deleteWebhook", 403, "citizen", "DELETE", "/api/v1/admin/webhooks/" + webhook, citizen, null));
        calls.add(call("deleteWebhook", 404, "unknown", "DELETE", "/api/v1/admin/webhooks/no-such-webhook", admin,
                null));
        // Open311 API keys
        String apiKey = json(postJson("/api/v1/admin/api-keys", "{\"name\":\"OpenApiContractIT\"}", admin))
                .getString("id");
        calls.add(call("createApiKey", 201, "administrator", "POST", "/api/v1/admin/api-keys", admin,
                "{\"name\":\"OpenApiContractIT app\"}"));
        calls.add(call("createApiKey", 400, "no name", "POST", "/api/v1/admin/api-keys", admin, "{\"name\":\" \"}"));
        calls.add(call("createApiKey", 403, "operator", "POST", "/api/v1/admin/api-keys", operator,
                "{\"name\":\"x\"}"));
        calls.add(call("listApiKeys", 200, "administrator", "GET", "/api/v1/admin/api-keys", admin, null));
        calls.add(call("listApiKeys", 403, "moderator", "GET", "/api/v1/admin/api-keys", moderator, null));
        calls.add(call("revokeApiKey", 204, "administrator", "DELETE", "/api/v1/admin/api-keys/" + apiKey, admin, null));
        calls.add(call("revokeApiKey", 403, "citizen", "DELETE", "/api/v1/admin/api-keys/" + apiKey, citizen, null));
        calls.add(call("revokeApiKey", 404, "unknown", "DELETE", "/api/v1/admin/api-keys/no-such-key", admin, null));
        String[] deliveries = deadAndDeliveredDelivery();
        calls.add(call("listDeliveries", 200, "administrator", "GET", "/api/v1/admin/deliveries?limit=20", admin, null));
        calls.add(call("listDeliveries", 200, "a webhook's dead ones", "GET", "/api/v1/admin/deliveries?target="
                + deliveries[2] + "&state=dead", admin, null));
        calls.add(call("listDeliveries", 400, "unknown state", "GET", "/api/v1/admin/deliveries?state=lost", admin,
                null));
        calls.add(call("listDeliveries", 403, "operator", "GET", "/api/v1/admin/deliveries", operator, null));
        calls.add(call("replayDelivery", 200, "dead", "POST", "/api/v1/admin/deliveries/" + deliveries[0] + "/replay",
                admin, null));
        calls.add(call("replayDelivery", 409, "delivered", "POST", "/api/v1/admin/deliveries/" + deliveries[1]
                + "/replay", admin, null));
        calls.add(call("replayDelivery", 404, "unknown", "POST", "/api/v1/admin/deliveries/no-such-delivery/replay",
                admin, null));
        calls.add(call("replayDelivery", 403, "citizen", "POST", "/api/v1/admin/deliveries/" + deliveries[0]
                + "/replay", citizen, null));
        calls.add(call("replayDeliveries", 200, "a time range", "POST", "/api/v1/admin/deliveries/replay", admin,
                "{\"target\":\"" + deliveries[2] + "\",\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2020-01-02T00:00:00Z\"}"));
        calls.add(call("replayDeliveries", 400, "no target", "POST", "/api/v1/admin/deliveries/replay", admin,
                "{\"from\":\"2020-01-01T00:00:00Z\"}"));
        calls.add(call("replayDeliveries", 403, "moderator", "POST", "/api/v1/admin/deliveries/replay", moderator,
                "{\"target\":\"webhook/none\"}"));

        // Areas, in the Atlantic where no other test reports: importing one routes the report made inside it.
        String square = "[[[-29.0,10.0],[-28.99,10.0],[-28.99,10.01],[-29.0,10.01],[-29.0,10.0]]]";
        String areaImport = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                + "{\"name\":{\"en\":\"Contract area\",\"fr\":\"Zone du contrat\"},\"timeZone\":\"Atlantic/Azores\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + square + "}}]}";
        String contractArea = json(postJson("/api/v1/admin/areas", areaImport, admin)).getJsonArray("items")
                .getJsonObject(0).getString("id");
        String retiredArea = json(postJson("/api/v1/admin/areas", areaImport, admin)).getJsonArray("items")
                .getJsonObject(0).getString("id");
        send(request("/api/v1/admin/areas/" + retiredArea).header("Authorization", "Bearer " + admin).DELETE().build());
        String nesting = json(postJson("/api/v1/admin/areas", "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"properties\":{\"name\":\"Contract parent\",\"timeZone\":\"UTC\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + square + "}},"
                + "{\"type\":\"Feature\",\"properties\":{\"name\":\"Contract child\",\"parent\":\"Contract parent\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + square + "}}]}", admin))
                .getJsonArray("items").getJsonObject(0).getString("id");
        String routed = json(postJson("/api/v1/reports", "{\"title\":\"Contract routed\",\"category\":\"road\","
                + "\"location\":{\"lat\":10.005,\"lon\":-28.995}}")).getString("id");
        String bowTie = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                + "{\"name\":\"Bow tie\",\"timeZone\":\"UTC\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[-29.0,10.0],[-28.99,10.01],[-28.99,10.0],[-29.0,10.01],[-29.0,10.0]]]}}]}";
        calls.add(call("importAreas", 201, "administrator", "POST", "/api/v1/admin/areas", admin, areaImport));
        calls.add(call("importAreas", 400, "self-intersecting", "POST", "/api/v1/admin/areas", admin, bowTie));
        calls.add(call("importAreas", 403, "operator", "POST", "/api/v1/admin/areas", operator, areaImport));
        calls.add(call("listAreas", 200, "public", "GET", "/api/v1/areas", null, null));
        calls.add(call("listAreaBoundaries", 200, "public", "GET", "/api/v1/areas/boundaries?bbox=-180,-90,180,90",
                null, null));
        calls.add(call("listAreaBoundaries", 400, "bbox upside down", "GET", "/api/v1/areas/boundaries?bbox=5,46,4,45",
                null, null));
        calls.add(call("getArea", 200, "public", "GET", "/api/v1/areas/" + contractArea, null, null));
        calls.add(call("getArea", 200, "retired", "GET", "/api/v1/areas/" + retiredArea, null, null));
        calls.add(call("getArea", 404, "unknown", "GET", "/api/v1/areas/no-such-area", null, null));
        calls.add(call("changeArea", 200, "administrator", "PATCH", "/api/v1/admin/areas/" + contractArea, admin,
                "{\"name\":{\"en\":\"Contract area\",\"pt\":\"Zona do contrato\"}}"));
        calls.add(call("changeArea", 400, "unknown time zone", "PATCH", "/api/v1/admin/areas/" + contractArea, admin,
                "{\"timeZone\":\"Mars/Olympus\"}"));
        calls.add(call("changeArea", 403, "citizen", "PATCH", "/api/v1/admin/areas/" + contractArea, citizen, "{}"));
        calls.add(call("changeArea", 404, "unknown", "PATCH", "/api/v1/admin/areas/no-such-area", admin, "{}"));
        calls.add(call("changeArea", 409, "retired", "PATCH", "/api/v1/admin/areas/" + retiredArea, admin, "{}"));
        calls.add(call("retireArea", 204, "administrator", "DELETE", "/api/v1/admin/areas/" + json(postJson(
                "/api/v1/admin/areas", areaImport, admin)).getJsonArray("items").getJsonObject(0).getString("id"),
                admin, null));
        calls.add(call("retireArea", 403, "moderator", "DELETE", "/api/v1/admin/areas/" + contractArea, moderator,
                null));
        calls.add(call("retireArea", 404, "unknown", "DELETE", "/api/v1/admin/areas/no-such-area", admin, null));
        calls.add(call("retireArea", 409, "holds a live area", "DELETE", "/api/v1/admin/areas/" + nesting, admin, null));
        calls.add(call("getReport", 200, "routed to an area", "GET", "/api/v1/reports/" + routed, null, null));
        calls.add(call("listReports", 200, "in an area", "GET", "/api/v1/reports?area=" + contractArea, null, null));
        calls.add(call("listReports", 400, "unknown area", "GET", "/api/v1/reports?area=no-such-area", null, null));

        // Bodies: one for roads in the contract area, where no other test reports, so that it
        // routes no other test's report; a report made there afterwards is its.
        String roadsHere = "{\"name\":{\"en\":\"Contract roads\"},\"rules\":[{\"category\":\"road\",\"area\":\""
                + contractArea + "\"}],\"delivery\":{\"type\":\"triage\"}}";
        String contractBody = json(postJson("/api/v1/admin/bodies", roadsHere, admin)).getString("id");
        String otherBody = json(postJson("/api/v1/admin/bodies", "{\"name\":\"Contract other\"}", admin))
                .getString("id");
        String retiredBody = json(postJson("/api/v1/admin/bodies", "{\"name\":\"Contract retired\"}", admin))
                .getString("id");
        send(request("/api/v1/admin/bodies/" + retiredBody).header("Authorization", "Bearer " + admin).DELETE().build());
        String ofBody = json(postJson("/api/v1/reports", "{\"title\":\"Contract body\",\"category\":\"road\","
                + "\"location\":{\"lat\":10.005,\"lon\":-28.995}}")).getString("id");
        String moved = json(postJson("/api/v1/reports", "{\"title\":\"Contract hand-over\",\"category\":\"road\","
                + "\"location\":{\"lat\":10.005,\"lon\":-28.995}}")).getString("id");
        calls.add(call("createBody", 201, "administrator", "POST", "/api/v1/admin/bodies", admin,
                "{\"name\":{\"en\":\"Contract lighting\",\"fr\":\"Éclairage\"},\"rules\":[{\"category\":"
                        + "\"lighting\",\"area\":\"" + contractArea + "\"}],\"delivery\":{\"type\":\"email\","
                        + "\"email\":\"lighting@example.org\"}}"));
        calls.add(call("createBody", 400, "no name", "POST", "/api/v1/admin/bodies", admin, "{\"rules\":[]}"));
        calls.add(call("createBody", 409, "rule taken", "POST", "/api/v1/admin/bodies", admin, roadsHere));
        calls.add(call("createBody", 403, "operator", "POST", "/api/v1/admin/bodies", operator, roadsHere));
        calls.add(call("listBodiesAdmin", 200, "administrator", "GET", "/api/v1/admin/bodies", admin, null));
        calls.add(call("listBodiesAdmin", 403, "citizen", "GET", "/api/v1/admin/bodies", citizen, null));
        calls.add(call("changeBody", 200, "administrator", "PATCH", "/api/v1/admin/bodies/" + otherBody, admin,
                "{\"name\":\"Contract water\",\"default\":false}"));
        calls.add(call("changeBody", 400, "rules not a list", "PATCH", "/api/v1/admin/bodies/" + otherBody, admin,
                "{\"rules\":{}}"));
        calls.add(call("changeBody", 403, "citizen", "PATCH", "/api/v1/admin/bodies/" + otherBody, citizen, "{}"));
        calls.add(call("changeBody", 404, "unknown", "PATCH", "/api/v1/admin/bodies/no-such-body", admin, "{}"));
        calls.add(call("changeBody", 409, "retired", "PATCH", "/api/v1/admin/bodies/" + retiredBody, admin, "{}"));
        calls.add(call("retireBody", 204, "administrator", "DELETE", "/api/v1/admin/bodies/" + json(postJson(
                "/api/v1/admin/bodies", "{\"name\":\"Contract short-lived\"}", admin)).getString("id"), admin, null));
        calls.add(call("retireBody", 403, "moderator", "DELETE", "/api/v1/admin/bodies/" + otherBody, moderator, null));
        calls.add(call("retireBody", 404, "unknown", "DELETE", "/api/v1/admin/bodies/no-such-body", admin, null));
        calls.add(call("listBodies", 200, "public", "GET", "/api/v1/bodies", null, null));
        calls.add(call("getBody", 200, "public", "GET", "/api/v1/bodies/" + contractBody, null, null));
        calls.add(call("getBody", 200, "retired", "GET", "/api/v1/bodies/" + retiredBody, null, null));
        calls.add(call("getBody", 404, "unknown", "GET", "/api/v1/bodies/no-such-body", null, null));
        calls.add(call("getBodyServiceLevels", 200, "public", "GET", "/api/v1/bodies/" + contractBody
                + "/service-levels", null, null));
        calls.add(call("getBodyServiceLevels", 404, "unknown", "GET", "/api/v1/bodies/no-such-body/service-levels",
                null, null));
        calls.add(call("getReport", 200, "with its body", "GET", "/api/v1/reports/" + ofBody, null, null));
        calls.add(call("listReports", 200, "a body's queue", "GET", "/api/v1/reports?body=" + contractBody, operator,
                null));
        calls.add(call("listReports", 400, "unknown body", "GET", "/api/v1/reports?body=no-such-body", null, null));
        calls.add(call("moveReportToBody", 200, "operator", "POST", "/api/v1/reports/" + moved + "/body", operator,
                "{\"body\":\"" + otherBody + "\",\"reason\":\"A water pipe\"}"));
        calls.add(call("moveReportToBody", 400, "no reason", "POST", "/api/v1/reports/" + ofBody + "/body", operator,
                "{\"body\":\"" + otherBody + "\"}"));
        calls.add(call("moveReportToBody", 403, "citizen", "POST", "/api/v1/reports/" + ofBody + "/body", citizen,
                "{\"body\":\"" + otherBody + "\",\"reason\":\"mine\"}"));
        calls.add(call("moveReportToBody", 404, "unknown report", "POST", "/api/v1/reports/no-such-report/body",
                operator, "{\"body\":\"" + otherBody + "\",\"reason\":\"lost\"}"));
        calls.add(call("moveReportToBody", 409, "its body already", "POST", "/api/v1/reports/" + ofBody + "/body",
                admin, "{\"body\":\"" + contractBody + "\",\"reason\":\"again\"}"));

        // Following and notifications
        String area = "{\"name\":\"Home\",\"lat\":45.7578,\"lon\":4.832,\"radius\":500}";
        calls.add(call("followArea", 201, "citizen", "POST", "/api/v1/me/following/areas", citizen, area));
        calls.add(call("followArea", 400, "radius too small", "POST", "/api/v1/me/following/areas", citizen,
                "{\"name\":\"Home\",\"lat\":45.7578,\"lon\":4.832,\"radius\":1}"));
        calls.add(call("listFollowing", 200, "citizen", "GET", "/api/v1/me/following", citizen, null));
        calls.add(call("unfollowArea", 204, "own", "DELETE", "/api/v1/me/following/areas/" + json(postJson(
                "/api/v1/me/following/areas", area, citizen)).getString("id"), citizen, null));
        calls.add(call("unfollowArea", 404, "unknown", "DELETE", "/api/v1/me/following/areas/no-such-area", citizen,
                null));
        String notification = notificationOfCitizen();
        calls.add(call("listNotifications", 200, "citizen", "GET", "/api/v1/me/notifications", citizen, null));
        calls.add(call("listNotifications", 400, "bad flag", "GET", "/api/v1/me/notifications?unread=maybe", citizen,
                null));
        calls.add(call("markNotificationRead", 200, "own", "POST", "/api/v1/me/notifications/" + notification
                + "/read", citizen, null));
        calls.add(call("markNotificationRead", 404, "not mine", "POST", "/api/v1/me/notifications/" + notification
                + "/read", operator, null));
        calls.add(call("markAllNotificationsRead", 200, "citizen", "POST", "/api/v1/me/notifications/read-all",
                citizen, null));
        calls.add(call("listCategories", 200, "public", "GET", "/api/v1/categories", null, null));
        calls.add(call("listLanguages", 200, "public", "GET", "/api/v1/languages", null, null));
        calls.add(call("getLanguageTexts", 200, "public", "GET", "/api/v1/languages/ar/texts", null, null));
        calls.add(call("getSite", 200, "public", "GET", "/api/v1/site", null, null));

        // Every operation: a token that is not valid is 401 on public ones too; the others
        // refuse a visitor with 401.
        OPERATIONS.forEach((id, at) -> {
            String path = at[1].replaceAll("\\{[^}]+}", "none");
            // A DELETE with a documented body (removeMySecondFactor) sends one, as a client does.
            String body = "GET".equals(at[0]) || "DELETE".equals(at[0]) && !operation(id).has("requestBody") ? null
                    : "{}";
            calls.add(call(id, 401, INVALID_TOKEN, at[0], path, "not-a-valid-token", body));
            if (signInRequired(operation(id))) {
                calls.add(call(id, 401, "anonymous", at[0], path, null, body));
            }
        });
        return calls;
    }

    private static Call call(String operationId, int status, String label, String method, String path, String token,
                             String body) {
        return new Call(operationId, status, label, () -> {
            HttpRequest.Builder request = request(path);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body == null) {
                return request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }, body);
    }

    private static Call accept(Call call, String mediaType) {
        return new Call(call.operationId(), call.status(), call.label(),
                () -> call.request().get().header("Accept", mediaType), call.body());
    }

    // ---- data the calls need ----------------------------------------------------------------

    /** @return the token of a new citizen, for a second factor call */
    private static String secondFactorPerson() {
        return org.fixmyquarter.it.support.People.citizen("Contract second factor", null, null).token();
    }

    /** @return the token of a new citizen with a confirmed second factor, and one of its recovery codes */
    private static String[] enrolledPerson() {
        String token = secondFactorPerson();
        String secret = json(ok(postJson("/api/v1/auth/me/second-factor", "{\"password\":\"" + PASSWORD + "\"}",
                token))).getString("secret");
        String recovery = json(ok(postJson("/api/v1/auth/me/second-factor/confirm", "{\"code\":\""
                + Totp.code(secret, Totp.now()) + "\"}", token))).getJsonArray("recoveryCodes").getString(0);
        return new String[] {token, recovery};
    }

    private static String report(String title) {
        return json(postJson("/api/v1/reports", "{\"title\":\"" + title + "\",\"category\":\"road\","
                + "\"location\":{\"lat\":45.75,\"lon\":4.83}}")).getString("id");
    }

    /** The multipart content type of {@link #multipart}'s bodies. */
    private static final String MULTIPART = "multipart/form-data; boundary=contract-boundary";

    private static byte[] multipart(String field, byte[] photo) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--contract-boundary\r\nContent-Disposition: form-data; name=\"" + field
                + "\"; filename=\"IMG_1.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(photo);
        body.writeBytes("\r\n--contract-boundary--\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    /** A new report and one photo, as a phone sends them in one request. */
    private static byte[] reportWithPhoto(byte[] photo) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--contract-boundary\r\nContent-Disposition: form-data; name=\"report\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"title\":\"Contract with photo\",\"category\":\"road\","
                + "\"location\":{\"lat\":45.75,\"lon\":4.83}}\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] part = multipart("photo", photo);
        body.write(part, 0, part.length);
        return body.toByteArray();
    }

    /** A call whose body is bytes (a photo), not JSON: the document types it as binary. */
    private static Call binary(String operationId, int status, String label, String path, String token,
                               String contentType, byte[] body) {
        return new Call(operationId, status, label, () -> request(path).header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)), null);
    }

    /** @return a report of the citizen's own, to which they may add photos */
    private static String ownReport(String title) {
        return json(ok(postJson("/api/v1/reports", "{\"title\":\"" + title + "\",\"category\":\"road\","
                + "\"location\":{\"lat\":45.75,\"lon\":4.83}}", citizen))).getString("id");
    }

    /** @return the id of a new photo of the citizen's report, once ready, and its thumbnail's path */
    private static String[] readyPhoto(String report) {
        String path = "/api/v1/reports/" + report + "/photos";
        String id = json(ok(send(request(path).header("Authorization", "Bearer " + citizen)
                .header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.photoLikeJpeg(640, 480))).build())))
                .getString("id");
        JsonObject[] photo = new JsonObject[1];
        await(Duration.ofSeconds(90), () -> {
            photo[0] = json(get(path + "/" + id, citizen));
            return !"processing".equals(photo[0].getString("state"));
        }, () -> "photo " + id + " is still processing");
        String url = photo[0].getJsonObject("files").getJsonObject("thumbnail").getString("url");
        return new String[] {id, URI.create(url).getPath()};
    }

    /** @return the path of a citizen's comment on a report a moderator then merged into another */
    private static String commentOfMergedReport() {
        String duplicate = report("Merged, commented");
        String comment = comment(duplicate, citizen);
        ok(postJson("/api/v1/moderation/reports/" + duplicate + "/merge", "{\"into\":\"" + report("Original")
                + "\",\"reason\":\"Same\"}", moderator));
        return comment;
    }

    private static String merged() {
        String duplicate = report("Merged");
        ok(postJson("/api/v1/moderation/reports/" + duplicate + "/merge", "{\"into\":\"" + report("Original")
                + "\",\"reason\":\"Same\"}", moderator));
        return duplicate;
    }

    private static String hidden() {
        String id = report("Hidden");
        ok(postJson("/api/v1/moderation/reports/" + id + "/hide", "{\"reason\":\"Plate\"}", moderator));
        return id;
    }

    private static String resolved() {
        String id = report("Resolved");
        ok(postJson("/api/v1/reports/" + id + "/status", "{\"status\":\"resolved\",\"reason\":\"Done\"}", operator));
        return id;
    }

    /** A report whose history has a move, an assignment, an unassignment and a merge. */
    private static String everyKindOfHistory() {
        String id = report("History");
        ok(postJson("/api/v1/reports/" + id + "/status", "{\"status\":\"in_progress\",\"reason\":\"Go\"}", operator));
        ok(postJson("/api/v1/reports/" + id + "/assignment", "{\"team\":\"Roads\",\"reason\":\"Theirs\"}", operator));
        ok(postJson("/api/v1/reports/" + id + "/assignment", "{\"team\":null,\"reason\":\"Nobody\"}", operator));
        ok(postJson("/api/v1/moderation/reports/" + id + "/merge", "{\"into\":\"" + report("Into")
                + "\",\"reason\":\"Same\"}", moderator));
        return id;
    }

    /** A report with a comment, an edited one, a deleted one and a hidden one. */
    private static String commentedReport() {
        String id = report("Commented");
        comment(id, citizen);
        send(request(comment(id, citizen)).header("Authorization", "Bearer " + citizen)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"text\":\"edited\"}")).build());
        deletedComment(id);
        hiddenComment(id);
        return id;
    }

    /** @return the path of a new comment by the holder of {@code token} */
    private static String comment(String report, String token) {
        String path = "/api/v1/reports/" + report + "/comments";
        return path + "/" + json(ok(postJson(path, "{\"text\":\"A comment\"}", token))).getString("id");
    }

    private static String deletedComment(String report) {
        String path = comment(report, citizen);
        ok(send(request(path).header("Authorization", "Bearer " + citizen).DELETE().build()));
        return path;
    }

    private static String hiddenComment(String report) {
        String id = commentId(comment(report, citizen));
        ok(postJson("/api/v1/moderation/comments/" + id + "/hide", "{\"reason\":\"Rude\"}", moderator));
        return id;
    }

    private static String commentId(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String flaggedReport() {
        String id = report("To dismiss");
        ok(postJson("/api/v1/reports/" + id + "/flags", "{\"reason\":\"spam\"}", citizen));
        return id;
    }

    private static String grantToRemove(String userId) {
        JsonObject account = json(ok(postJson("/api/v1/admin/users/" + userId + "/roles",
                "{\"role\":\"moderator\"}", admin)));
        return account.getJsonArray("roles").stream().map(v -> v.asJsonObject())
                .filter(r -> "moderator".equals(r.getString("role"))).findFirst().orElseThrow().getString("id");
    }

    /** A notification in the citizen's inbox: an operator mentions them (delivered in the background). */
    private static String notificationOfCitizen() {
        String id = report("Mention");
        ok(postJson("/api/v1/reports/" + id + "/comments", "{\"text\":\"Thanks @" + citizenHandle + "\"}", operator));
        String[] found = new String[1];
        await(Duration.ofSeconds(20), () -> {
            var items = json(send(request("/api/v1/me/notifications").header("Authorization", "Bearer " + citizen)
                    .GET().build())).getJsonArray("items");
            if (!items.isEmpty()) {
                found[0] = items.getJsonObject(0).getString("id");
            }
            return found[0] != null;
        }, () -> "a notification of the mention");
        return found[0];
    }

    /**
     * A token of the city's provider. The server fetches the provider's keys at most every 30
     * seconds, and another test class may have run a provider with other keys just before.
     */
    private static String providerToken() {
        await(Duration.ofSeconds(40), () -> postJson("/api/v1/auth/token-exchange", "{\"subject_token\":\""
                + newProviderToken() + "\"}").statusCode() == 200, () -> "the server accepts the provider's tokens");
        return newProviderToken();
    }

    private static String newProviderToken() {
        return newProviderToken("subject-" + UUID.randomUUID(), "contract-" + UUID.randomUUID() + "@example.org");
    }

    private static String newProviderToken(String subject, String email) {
        return provider.issueToken("city", subject, "fixmyquarter-city",
                Map.of("email", email, "name", "City Staff",
                        "realm_access", Map.of("roles", List.of("city-operator"))), 600L).serialize();
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        if (response.statusCode() >= 300) {
            throw new AssertionError("Preparing a call failed: " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    // ---- the checks ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void theResponseIsTheOneTheDocumentDescribes(Call call) throws IOException {
        HttpResponse<String> response = send(call.request().get().build());
        assertEquals(call.status(), response.statusCode(), call + ": " + response.body());
        if (INVALID_TOKEN.equals(call.label())) {
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("")
                    .matches("Bearer .*error=\"invalid_token\".*"), call + ": " + response.headers().map());
        }
        JsonNode operation = operation(call.operationId());
        JsonNode described = resolve(operation.path("responses").path(Integer.toString(response.statusCode())));
        assertTrue(described.isObject(), call + ": the document has no response " + response.statusCode());
        if (call.status() < 300 && call.body() != null) {
            JsonNode requestSchema = operation.path("requestBody").path("content").path("application/json")
                    .path("schema");
            assertTrue(requestSchema.isObject(), call + ": no request schema");
            assertValid(requestSchema, MAPPER.readTree(call.body()), call + ", request body");
        }
        if (response.statusCode() == 204) {
            assertEquals("", response.body(), call + ": a 204 has no body");
            return;
        }
        if (!described.has("content")) {
            // An answer the document describes without a body (the 202 of an accepted request).
            assertEquals("", response.body(), call + ": the document describes no body");
            return;
        }
        String mediaType = response.headers().firstValue("Content-Type").orElseThrow().split(";")[0].strip();
        JsonNode content = described.path("content").path(mediaType);
        assertTrue(content.isObject(), call + ": the document has no " + mediaType + " content for "
                + response.statusCode() + ", only " + names(described.path("content")));
        JsonNode schema = content.path("schema");
        assertTrue(schema.isObject(), call + ": no schema for " + mediaType);
        if (mediaType.startsWith("text/")) {
            assertTrue(response.body().startsWith("id,title,category,status"), call + ": " + response.body());
            return;
        }
        if (mediaType.startsWith("image/")) {
            // A photo file: the document says only that it is binary.
            assertEquals("binary", schema.path("format").asText(), call + ": not typed as binary");
            return;
        }
        if ("application/zip".equals(mediaType)) {
            // Binary: the schema says only that; a zip starts with the local file header "PK\3\4".
            assertTrue(response.body().startsWith("PK\u0003\u0004"), call + ": not a zip");
            return;
        }
        assertValid(schema, MAPPER.readTree(response.body()), call + ", response");
    }

    @Test
    void everyStatusTheDocumentGivesIsProducedByACall() {
        Set<String> produced = table().stream().map(c -> c.operationId() + " " + c.status())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>();
        OPERATIONS.keySet().forEach(id -> operation(id).path("responses").fieldNames().forEachRemaining(status -> {
            String key = id + " " + status;
            if (CHECKED_STATUSES.contains(status) && !produced.contains(key) && !NOT_PRODUCED.containsKey(key)) {
                missing.add(key);
            }
        }));
        assertEquals(Set.of(), missing, "documented responses no call checks");
        Set<String> unknown = new TreeSet<>(produced.stream().map(k -> k.split(" ")[0]).collect(Collectors.toSet()));
        unknown.removeAll(OPERATIONS.keySet());
        assertEquals(Set.of(), unknown, "calls of operations the document does not have");
    }

    @Test
    void everyOperationHasAnIdASecurityEntryAndTypedBodies() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String at = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = op.getValue();
            if (!operation.path("operationId").isTextual()) {
                problems.add(at + ": no operationId");
            } else if (!ids.add(operation.get("operationId").asText())) {
                problems.add(at + ": operationId used twice");
            }
            if (!operation.path("security").isArray() || operation.path("security").isEmpty()) {
                problems.add(at + ": no security");
            }
            JsonNode body = operation.path("requestBody").path("content");
            body.fields().forEachRemaining(c -> requireSchema(problems, at + " request " + c.getKey(), c.getValue()));
            operation.path("responses").fields().forEachRemaining(r -> {
                JsonNode response = resolve(r.getValue());
                if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                    if (!response.path("content").has("application/problem+json")) {
                        problems.add(at + " " + r.getKey() + ": not a problem document");
                    }
                }
                response.path("content").fields().forEachRemaining(c -> requireSchema(problems,
                        at + " " + r.getKey() + " " + c.getKey(), c.getValue()));
            });
            if (!operation.path("responses").has("401")) {
                problems.add(at + ": no 401 (every operation refuses an invalid token)");
            }
        }));
        assertEquals(List.of(), problems);
        assertEquals("3.1.0", document.path("openapi").asText());
        assertEquals("http", document.at("/components/securitySchemes/bearerAuth/type").asText());
        assertEquals("bearer", document.at("/components/securitySchemes/bearerAuth/scheme").asText());
    }

    @Test
    void everyExampleValidatesAgainstItsSchema() {
        int[] checked = new int[1];
        walk(document, "", (where, node) -> {
            if (!node.has("schema")) {
                return;
            }
            if (node.has("example")) {
                assertValid(node.get("schema"), node.get("example"), where + " example");
                checked[0]++;
            }
            node.path("examples").fields().forEachRemaining(e -> {
                assertValid(node.get("schema"), e.getValue().get("value"), where + " example " + e.getKey());
                checked[0]++;
            });
        });
        document.at("/components/schemas").fields().forEachRemaining(s -> {
            if (s.getValue().has("example")) {
                assertValid(s.getValue(), s.getValue().get("example"), "schema " + s.getKey() + " example");
                checked[0]++;
            }
        });
        assertTrue(checked[0] > 10, "examples checked: " + checked[0]);
    }

    @Test
    void theValidationFailsOnAMemberTheSchemaDoesNotAllowOrAMissingOne() {
        ObjectNode vote = MAPPER.createObjectNode().put("voted", true).put("votes", 3);
        JsonNode schema = MAPPER.createObjectNode().put("$ref", "#/components/schemas/Vote");
        assertTrue(errors(schema, vote).isEmpty());
        assertTrue(!errors(schema, vote.deepCopy().put("extra", 1)).isEmpty(), "an extra member passed");
        ObjectNode missing = vote.deepCopy();
        missing.remove("votes");
        assertTrue(!errors(schema, missing).isEmpty(), "a missing member passed");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static JsonNode operation(String operationId) {
        String[] at = OPERATIONS.get(operationId);
        assertNotNull(at, "the document has no operation " + operationId);
        return document.get("paths").get(at[1]).get(at[0].toLowerCase());
    }

    private static boolean signInRequired(JsonNode operation) {
        for (JsonNode alternative : operation.path("security")) {
            if (alternative.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** A response object, or the one its $ref names. */
    private static JsonNode resolve(JsonNode response) {
        if (response.has("$ref")) {
            return document.at(response.get("$ref").asText().substring(1));
        }
        return response;
    }

    private static void assertValid(JsonNode schema, JsonNode value, String what) {
        Set<ValidationMessage> errors = errors(schema, value);
        if (!errors.isEmpty()) {
            fail(what + " does not match its schema " + schema + ": " + errors + "\n" + value);
        }
    }

    /** Validates against a schema of the document; its $refs point into the document's components. */
    private static Set<ValidationMessage> errors(JsonNode schema, JsonNode value) {
        ObjectNode root = schema.deepCopy();
        root.set("components", document.get("components"));
        JsonSchema compiled = SCHEMAS.getSchema(root, CONFIG);
        return compiled.validate(value);
    }

    private static void requireSchema(List<String> problems, String where, JsonNode content) {
        if (!content.path("schema").isObject() || content.path("schema").isEmpty()) {
            problems.add(where + ": no schema");
        }
    }

    private static String names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static void walk(JsonNode node, String where, java.util.function.BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(where, node);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> child = it.next();
                if (!"schema".equals(child.getKey()) && !"schemas".equals(child.getKey())) {
                    walk(child.getValue(), where + "/" + child.getKey(), visit);
                }
            }
        }
    }
}
