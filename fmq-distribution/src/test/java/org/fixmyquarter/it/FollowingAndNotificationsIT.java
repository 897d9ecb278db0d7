package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.report;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.People;
import org.fixmyquarter.it.support.People.Person;
import org.junit.jupiter.api.Test;

/**
 * Handles, @mentions, following reports and areas, official replies, assignment and the in-app
 * notifications they lead to, as users see them through the API.
 */
class FollowingAndNotificationsIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    /** Somewhere in Lyon, away from the other tests' reports. */
    private static final double LAT = 45.7485;
    private static final double LON = 4.8467;

    static List<JsonObject> notifications(Person person) {
        return json(get("/api/v1/me/notifications", person.token())).getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).collect(Collectors.toList());
    }

    static JsonObject awaitNotification(Person person, String type, String reportId) {
        await(DELIVERY, () -> find(person, type, reportId) != null,
                () -> person.name() + " got no " + type + " for " + reportId + ": " + notifications(person));
        return find(person, type, reportId);
    }

    private static JsonObject find(Person person, String type, String reportId) {
        return notifications(person).stream().filter(n -> n.getString("type").equals(type)
                && n.getString("reportId").equals(reportId)).findFirst().orElse(null);
    }

    private static String newReport(Person author, String title, double lat, double lon) {
        HttpResponse<String> created = postJson("/api/v1/reports", report(title, "streetlight-out", lat, lon),
                author.token());
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("id");
    }

    @Test
    void handlesAreChosenOrDerivedUniqueAndChangeable() {
        String handle = People.uniqueHandle("Zoe");
        Person zoe = People.citizen("Zoé Martin", handle, null);
        assertEquals(handle.toLowerCase(), zoe.handle(), "handles are folded to lower case");
        assertTrue(People.citizen("Zoé Martin", null, null).handle().startsWith("zoe_martin"),
                "a handle is derived from the name, without accents");

        HttpResponse<String> taken = postJson("/api/v1/auth/register", "{\"email\":\"other-" + handle
                + "@example.org\",\"password\":\"a long enough password\",\"displayName\":\"Other\",\"handle\":\""
                + handle.toUpperCase() + "\"}");
        assertEquals("urn:fixmyquarter:problem:handle-taken", problem(taken, 409).getString("type"));
        HttpResponse<String> invalid = postJson("/api/v1/auth/register", "{\"email\":\"x-" + handle
                + "@example.org\",\"password\":\"a long enough password\",\"displayName\":\"X\",\"handle\":\"a b\"}");
        assertEquals("handle", problem(invalid, 400).getJsonArray("errors").getJsonObject(0).getString("field"));

        String renamed = People.uniqueHandle("zm");
        HttpResponse<String> changed = send(request("/api/v1/auth/me").header("Authorization", "Bearer " + zoe.token())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"handle\":\"@" + renamed + "\"}")).build());
        assertEquals(renamed, json(changed).getString("handle"), changed.body());
    }

    @Test
    void aMentionedPersonAndTheReporterAreNotifiedInTheApp() {
        Person reporter = People.citizen("Rita Reporter", null, null);
        Person mentioned = People.citizen("Mo Mentioned", People.uniqueHandle("mo"), "fr");
        Person writer = People.citizen("Wes Writer", null, null);
        String report = newReport(reporter, "Dark street near the school", LAT, LON);

        HttpResponse<String> comment = postJson("/api/v1/reports/" + report + "/comments",
                "{\"text\":\"@" + mentioned.handle() + " you pass here every night, is it still dark?\"}", writer.token());
        assertEquals(201, comment.statusCode(), comment.body());

        JsonObject toMentioned = awaitNotification(mentioned, "comment.added", report);
        assertEquals("MENTIONED", toMentioned.getString("reason"));
        assertEquals("Wes Writer vous a mentionné sur « Dark street near the school »",
                toMentioned.getString("subject"), "written in the person's own language");
        assertFalse(toMentioned.getBoolean("read"));
        JsonObject toReporter = awaitNotification(reporter, "comment.added", report);
        assertEquals("FOLLOWING_REPORT", toReporter.getString("reason"));
        assertTrue(notifications(writer).isEmpty(), "nobody is told of their own comment");

        // Reading: one by one, or all at once; someone else's notification cannot be touched.
        JsonObject list = json(get("/api/v1/me/notifications?unread=true", mentioned.token()));
        assertEquals(1, list.getInt("unread"));
        problem(postJson("/api/v1/me/notifications/" + toMentioned.getString("id") + "/read", "", reporter.token()), 404);
        JsonObject read = json(postJson("/api/v1/me/notifications/" + toMentioned.getString("id") + "/read", "",
                mentioned.token()));
        assertTrue(read.getBoolean("read"));
        assertEquals(0, json(get("/api/v1/me/notifications?unread=true", mentioned.token())).getJsonArray("items").size());
        assertEquals(0, json(postJson("/api/v1/me/notifications/read-all", "", reporter.token())).getInt("unread"));
        problem(get("/api/v1/me/notifications?unread=maybe", reporter.token()), 400);
    }

    @Test
    void followersHearOfStatusChangesAndOfficialRepliesFromStaffOnly() {
        Person reporter = People.citizen("Rob Reporter", null, null);
        Person follower = People.citizen("Fay Follower", null, null);
        Person operator = People.staff("City Lighting", "operator");
        String report = newReport(reporter, "Street light blinking", LAT + 0.001, LON);
        assertTrue(json(postJson("/api/v1/reports/" + report + "/follow", "", follower.token())).getBoolean("following"));
        assertTrue(json(postJson("/api/v1/reports/" + report + "/follow", "", follower.token())).getBoolean("following"),
                "following twice is the same as once");
        assertTrue(json(get("/api/v1/me/following", follower.token())).getJsonArray("reports").stream()
                .anyMatch(r -> r.asJsonObject().getString("id").equals(report)));

        problem(postJson("/api/v1/reports/" + report + "/comments", "{\"text\":\"Fixed soon\",\"official\":true}",
                follower.token()), 403);
        HttpResponse<String> official = postJson("/api/v1/reports/" + report + "/comments",
                "{\"text\":\"A crew comes on Tuesday.\",\"official\":true}", operator.token());
        assertEquals(201, official.statusCode(), official.body());
        assertTrue(json(official).getBoolean("official"));
        JsonObject reply = awaitNotification(follower, "comment.added", report);
        assertEquals("Official reply on \"Street light blinking\"", reply.getString("subject"));

        postJson("/api/v1/reports/" + report + "/status", "{\"status\":\"in_progress\",\"reason\":\"Crew booked\"}",
                operator.token());
        assertEquals("FOLLOWING_REPORT", awaitNotification(follower, "report.status_changed", report).getString("reason"));
        awaitNotification(reporter, "report.status_changed", report);

        assertFalse(json(send(request("/api/v1/reports/" + report + "/follow").header("Authorization", "Bearer "
                + follower.token()).DELETE().build())).getBoolean("following"));
        assertFalse(json(get("/api/v1/me/following", follower.token())).getJsonArray("reports").stream()
                .anyMatch(r -> r.asJsonObject().getString("id").equals(report)));
        problem(postJson("/api/v1/reports/no-such-report/follow", "", follower.token()), 404);
    }

    @Test
    void areaFollowersHearOfNewReportsInTheirCircle() {
        Person watcher = People.citizen("Val Watcher", null, null);
        Person reporter = People.citizen("Rae Reporter", null, null);
        HttpResponse<String> area = postJson("/api/v1/me/following/areas",
                "{\"name\":\"Around the market\",\"lat\":" + (LAT + 0.01) + ",\"lon\":" + LON + ",\"radius\":300}",
                watcher.token());
        assertEquals(201, area.statusCode(), area.body());
        problem(postJson("/api/v1/me/following/areas", "{\"name\":\"\",\"lat\":91,\"lon\":4,\"radius\":5}",
                watcher.token()), 400);

        String inside = newReport(reporter, "Pothole by the market", LAT + 0.011, LON);
        assertEquals("FOLLOWING_AREA", awaitNotification(watcher, "report.created", inside).getString("reason"));

        String areaId = json(area).getString("id");
        problem(send(request("/api/v1/me/following/areas/" + areaId).header("Authorization", "Bearer "
                + reporter.token()).DELETE().build()), 404);
        assertEquals(204, send(request("/api/v1/me/following/areas/" + areaId).header("Authorization", "Bearer "
                + watcher.token()).DELETE().build()).statusCode());
        assertEquals(0, json(get("/api/v1/me/following", watcher.token())).getJsonArray("areas").size());
    }

    @Test
    void followersOfANamedAreaHearOfTheReportsRoutedToIt() {
        // A district of its own, far from the other tests' reports: a 1 km square.
        double south = -40 - java.util.concurrent.ThreadLocalRandom.current().nextDouble(5);
        double west = 170 + java.util.concurrent.ThreadLocalRandom.current().nextDouble(5);
        String name = "Watched district " + java.util.UUID.randomUUID();
        String square = "[[" + west + "," + south + "],[" + (west + 0.01) + "," + south + "],[" + (west + 0.01) + ","
                + (south + 0.01) + "],[" + west + "," + (south + 0.01) + "],[" + west + "," + south + "]]";
        HttpResponse<String> imported = postJson("/api/v1/admin/areas", "{\"type\":\"FeatureCollection\",\"features\":"
                + "[{\"type\":\"Feature\",\"properties\":{\"name\":\"" + name + "\",\"timeZone\":\"Pacific/Auckland\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + square + "]}}]}", Api.adminToken());
        assertEquals(201, imported.statusCode(), imported.body());
        String district = json(imported).getJsonArray("items").getJsonObject(0).getString("id");

        Person watcher = People.citizen("Dee District", null, null);
        Person reporter = People.citizen("Rob Reporter", null, null);
        problem(postJson("/api/v1/me/following/areas", "{\"area\":\"no-such-area\"}", watcher.token()), 400);
        problem(postJson("/api/v1/me/following/areas", "{\"area\":\"" + district + "\",\"lat\":1,\"lon\":1,"
                + "\"radius\":500}", watcher.token()), 400);
        HttpResponse<String> followed = postJson("/api/v1/me/following/areas", "{\"area\":\"" + district + "\"}",
                watcher.token());
        assertEquals(201, followed.statusCode(), followed.body());
        assertEquals(name, json(followed).getString("name"), "named after the district");
        assertEquals(district, json(followed).getString("area"));
        assertTrue(json(followed).isNull("radius"));

        // Next door, a neighbour follows a circle: once they hear of the report there, it was handed out.
        Person neighbour = People.citizen("Nia Neighbour", null, null);
        assertEquals(201, postJson("/api/v1/me/following/areas", "{\"name\":\"Next door\",\"lat\":"
                + (south + 0.005) + ",\"lon\":" + (west + 0.02) + ",\"radius\":200}", neighbour.token()).statusCode());

        String inside = newReport(reporter, "Broken lamp in the district", south + 0.005, west + 0.005);
        String outside = newReport(reporter, "Broken lamp next door", south + 0.005, west + 0.02);
        assertEquals("FOLLOWING_AREA", awaitNotification(watcher, "report.created", inside).getString("reason"));
        awaitNotification(neighbour, "report.created", outside);
        assertEquals(null, find(watcher, "report.created", outside), "a report outside the district is not told");
    }

    @Test
    void operatorsAssignReportsWithAReasonInThePublicHistory() {
        Person reporter = People.citizen("Ray Reporter", null, null);
        Person operator = People.staff("Dispatch", "operator");
        String report = newReport(reporter, "Lamp post leaning", LAT + 0.002, LON);

        problem(postJson("/api/v1/reports/" + report + "/assignment", "{\"team\":\"Lighting\"}", operator.token()), 400);
        JsonObject assigned = json(postJson("/api/v1/reports/" + report + "/assignment",
                "{\"team\":\"Street lighting\",\"reason\":\"Lamp posts are theirs\"}", operator.token()));
        assertEquals("Street lighting", assigned.getString("assignedTo"));
        assertEquals("open", assigned.getString("status"), "assigning does not change the status");

        List<JsonObject> history = json(get("/api/v1/reports/" + report + "/history")).getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).collect(Collectors.toList());
        JsonObject step = history.get(history.size() - 1);
        assertEquals("assigned", step.getString("kind"));
        assertEquals("Street lighting", step.getString("assignedTo"));
        assertEquals("Dispatch", step.getString("actor"));
        assertEquals("Lamp posts are theirs", step.getString("reason"));
    }
}
