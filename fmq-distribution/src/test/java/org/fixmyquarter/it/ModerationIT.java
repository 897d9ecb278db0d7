package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Moderation over HTTP: flags fill the queue; hidden content is gone for the public and its author
 * but not for staff; merged duplicates redirect to the original, which gets their votes once.
 */
class ModerationIT {

    private static final String PASSWORD = "a long enough password";
    private static String moderator;

    @BeforeAll
    static void signInAModerator() {
        String email = "moderator-" + UUID.randomUUID() + "@example.org";
        JsonObject account = json(postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                .add("password", PASSWORD).add("displayName", "Mo Derator").build().toString()));
        postJson("/api/v1/admin/users/" + account.getString("id") + "/roles", "{\"role\":\"moderator\"}", adminToken());
        moderator = login(email, PASSWORD);
    }

    private static String citizen(String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
        postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email).add("password", PASSWORD)
                .add("displayName", name).build().toString());
        return login(email, PASSWORD);
    }

    private static String reportBy(String token, String title) {
        HttpResponse<String> created = postJson("/api/v1/reports", report(title, "pothole", 45.76, 4.83), token);
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("id");
    }

    /** The queue item of a target, looked for on every page. */
    private static Optional<JsonObject> queued(String state, String reportId, String commentId) {
        String cursor = null;
        do {
            JsonObject page = json(get("/api/v1/moderation/flags?limit=100&state=" + state
                    + (cursor == null ? "" : "&cursor=" + cursor), moderator));
            for (JsonValue item : page.getJsonArray("items")) {
                JsonObject group = item.asJsonObject();
                if (reportId.equals(group.getString("reportId"))
                        && (commentId == null ? group.isNull("commentId") : commentId.equals(group.getString("commentId", null)))) {
                    return Optional.of(group);
                }
            }
            cursor = page.isNull("next") ? null : page.getString("next");
        } while (cursor != null);
        return Optional.empty();
    }

    private static List<String> ids(JsonArray items) {
        return items.stream().map(v -> v.asJsonObject().getString("id")).collect(Collectors.toList());
    }

    @Test
    void flaggedReportIsQueuedHiddenFromThePublicAndItsAuthorAndShownAgain() {
        String author = citizen("Ana");
        String ben = citizen("Ben");
        String cy = citizen("Cy");
        String id = reportBy(author, "Rude words painted on the wall");
        String path = "/api/v1/reports/" + id;

        HttpResponse<String> first = postJson(path + "/flags", "{\"reason\":\"personal_data\",\"note\":\"A phone number\"}", ben);
        assertEquals(201, first.statusCode(), first.body());
        HttpResponse<String> again = postJson(path + "/flags", "{\"reason\":\"spam\"}", ben);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(json(first).getString("id"), json(again).getString("id"));
        assertEquals(201, postJson(path + "/flags", "{\"reason\":\"abusive\"}", cy).statusCode());
        JsonObject bad = problem(postJson(path + "/flags", "{\"reason\":\"duplicate\"}", cy), 400);
        assertEquals("duplicateOf", bad.getJsonArray("errors").getJsonObject(0).getString("field"));
        problem(postJson(path + "/flags", "{\"reason\":\"boring\"}", cy), 400);
        assertEquals(401, postJson(path + "/flags", "{\"reason\":\"spam\"}").statusCode());

        JsonObject group = queued("open", id, null).orElseThrow();
        assertEquals("report", group.getString("targetKind"));
        assertEquals(2, group.getInt("flags"));
        assertEquals("Rude words painted on the wall", group.getString("preview"));
        assertEquals(1, group.getJsonObject("reasons").getInt("personal_data"));
        assertFalse(group.getBoolean("hidden"));
        assertEquals(403, get("/api/v1/moderation/flags", ben).statusCode());

        problem(postJson("/api/v1/moderation/reports/" + id + "/hide", "{\"reason\":\"\"}", moderator), 400);
        HttpResponse<String> hidden = postJson("/api/v1/moderation/reports/" + id + "/hide",
                "{\"reason\":\"Shows a phone number\"}", moderator);
        assertEquals(200, hidden.statusCode(), hidden.body());
        assertEquals("Shows a phone number", json(hidden).getJsonObject("hidden").getString("reason"));

        problem(get(path), 404);
        problem(get(path, author), 404);
        problem(get(path + "/comments"), 404);
        problem(postJson(path + "/vote", "", ben), 404);
        problem(postJson(path + "/comments", "{\"text\":\"hello\"}", ben), 404);
        assertFalse(ids(json(get("/api/v1/reports?limit=100")).getJsonArray("items")).contains(id));
        JsonObject staffView = json(get(path, moderator));
        assertEquals("Mo Derator", staffView.getJsonObject("hidden").getString("by"));
        assertTrue(ids(json(get("/api/v1/reports?limit=100", moderator)).getJsonArray("items")).contains(id));
        assertTrue(queued("open", id, null).isEmpty(), "hiding resolves the flags");
        assertTrue(queued("resolved", id, null).orElseThrow().getBoolean("hidden"));

        assertEquals(200, postJson("/api/v1/moderation/reports/" + id + "/unhide", "{\"reason\":\"Number removed\"}",
                moderator).statusCode());
        assertEquals(200, get(path).statusCode());
        assertFalse(json(get(path)).containsKey("hidden"));
    }

    @Test
    void aFlagSentManyTimesAtOnceIsStoredOnce() {
        String id = createReport("Graffiti on the bridge", "pothole").getString("id");
        String token = citizen("Quick");
        List<HttpResponse<String>> answers = IntStream.range(0, 6).parallel()
                .mapToObj(i -> postJson("/api/v1/reports/" + id + "/flags", "{\"reason\":\"spam\"}", token))
                .collect(Collectors.toList());
        assertEquals(1, answers.stream().filter(r -> r.statusCode() == 201).count(), answers::toString);
        assertEquals(5, answers.stream().filter(r -> r.statusCode() == 200).count(), answers::toString);
        assertEquals(1, answers.stream().map(r -> json(r).getString("id")).distinct().count());
        assertEquals(1, queued("open", id, null).orElseThrow().getInt("flags"));
    }

    @Test
    void aHiddenCommentLeavesThePublicListAndDismissedFlagsLeaveTheQueue() {
        String ana = citizen("Ana");
        String id = createReport("Overflowing bins", "litter").getString("id");
        String comments = "/api/v1/reports/" + id + "/comments";
        String polite = json(postJson(comments, "{\"text\":\"Same on my street\"}", ana)).getString("id");
        String rude = json(postJson(comments, "{\"text\":\"Idiots everywhere\"}", ana)).getString("id");
        assertEquals(201, postJson(comments + "/" + rude + "/flags", "{\"reason\":\"abusive\"}", citizen("Ben"))
                .statusCode());
        assertEquals(201, postJson(comments + "/" + polite + "/flags", "{\"reason\":\"other\"}", citizen("Cy"))
                .statusCode());
        assertEquals("comment", queued("open", id, rude).orElseThrow().getString("targetKind"));

        assertEquals(200, postJson("/api/v1/moderation/comments/" + rude + "/hide", "{\"reason\":\"Insult\"}", moderator)
                .statusCode());
        assertEquals(List.of(polite), ids(json(get(comments)).getJsonArray("items")));
        assertEquals(List.of(polite), ids(json(get(comments, ana)).getJsonArray("items")), "the author does not see it");
        JsonArray staff = json(get(comments, moderator)).getJsonArray("items");
        assertEquals(List.of(polite, rude), ids(staff));
        assertEquals("Insult", staff.getJsonObject(1).getJsonObject("hidden").getString("reason"));

        JsonObject dismissed = json(postJson("/api/v1/moderation/flags/dismiss", Json.createObjectBuilder()
                .add("reportId", id).add("commentId", polite).add("reason", "Harmless").build().toString(), moderator));
        assertEquals(1, dismissed.getInt("resolved"));
        assertTrue(queued("open", id, polite).isEmpty());

        assertEquals(200, postJson("/api/v1/moderation/comments/" + rude + "/unhide", "{\"reason\":\"Apologised\"}",
                moderator).statusCode());
        assertEquals(List.of(polite, rude), ids(json(get(comments)).getJsonArray("items")));
    }

    @Test
    void aMergedDuplicateRedirectsToTheOriginalWhichCountsEveryVoteOnce() {
        String original = createReport("Pothole on Rue Garibaldi", "pothole").getString("id");
        String duplicate = createReport("Hole in the road, Garibaldi", "pothole").getString("id");
        String both = citizen("Both");
        for (String token : List.of(both, citizen("Una"))) {
            assertEquals(200, postJson("/api/v1/reports/" + original + "/vote", "", token).statusCode());
        }
        for (String token : List.of(both, citizen("Dee"))) {
            assertEquals(200, postJson("/api/v1/reports/" + duplicate + "/vote", "", token).statusCode());
        }
        String merge = "/api/v1/moderation/reports/" + duplicate + "/merge";
        problem(postJson(merge, "{\"into\":\"" + duplicate + "\",\"reason\":\"Same\"}", moderator), 409);
        problem(postJson(merge, "{\"into\":\"no-such-report\",\"reason\":\"Same\"}", moderator), 400);

        HttpResponse<String> merged = postJson(merge, "{\"into\":\"" + original + "\",\"reason\":\"Same hole\"}",
                moderator);
        assertEquals(200, merged.statusCode(), merged.body());
        assertEquals("duplicate", json(merged).getString("status"));
        assertEquals(original, json(merged).getString("mergedInto"));
        problem(postJson(merge, "{\"into\":\"" + original + "\",\"reason\":\"Again\"}", moderator), 409);

        HttpResponse<String> moved = get("/api/v1/reports/" + duplicate);
        assertEquals(308, moved.statusCode(), moved.body());
        assertTrue(moved.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/reports/" + original));
        assertEquals(original, json(moved).getString("mergedInto"));

        HttpResponse<String> history = get("/api/v1/reports/" + duplicate + "/history");
        assertEquals(200, history.statusCode());
        JsonArray entries = json(history).getJsonArray("items");
        JsonObject last = entries.getJsonObject(entries.size() - 1);
        assertEquals("merged", last.getString("kind"));
        assertEquals(original, last.getString("mergedInto"));
        assertEquals("duplicate", last.getString("to"));

        assertEquals(3, json(get("/api/v1/reports/" + original)).getInt("votes"), "Both voted twice and counts once");
    }
}
