package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * Administrators grant and remove roles, and every privileged action lands in the audit log with
 * who, what, when, target, before and after.
 */
class AdminIT {

    private static final String PASSWORD = "a long enough password";

    /** Registers a citizen. @return {id, email} */
    private static JsonObject citizen(String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> created = postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                .add("password", PASSWORD).add("displayName", name).build().toString());
        assertEquals(201, created.statusCode(), created.body());
        return json(created);
    }

    private static HttpResponse<String> grant(String userId, String role, String token) {
        return postJson("/api/v1/admin/users/" + userId + "/roles", "{\"role\":\"" + role + "\"}", token);
    }

    private static HttpResponse<String> delete(String path, String token) {
        return send(request(path).header("Authorization", "Bearer " + token).DELETE().build());
    }

    private static JsonObject auditOf(String targetId) {
        return json(get("/api/v1/admin/audit?target=" + targetId, adminToken()));
    }

    @Test
    void aGrantedOperatorMovesReportsAndTheLogSaysWhoDidWhat() {
        JsonObject user = citizen("Olga");
        String id = user.getString("id");
        HttpResponse<String> granted = grant(id, "operator", adminToken());
        assertEquals(201, granted.statusCode(), granted.body());
        assertTrue(granted.body().contains("\"operator\""), granted.body());

        String operator = login(user.getString("email"), PASSWORD);
        String report = createReport("Broken bench", "park-damage").getString("id");
        HttpResponse<String> moved = postJson("/api/v1/reports/" + report + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"Carpenter booked\"}", operator);
        assertEquals(200, moved.statusCode(), moved.body());

        // Newest first: the operator's sign-in comes after the grant.
        JsonObject grantEntry = auditOf(id).getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .filter(e -> "user.role_granted".equals(e.getString("action"))).findFirst().orElseThrow();
        assertEquals("Administrator", grantEntry.getJsonObject("actor").getString("name"));
        assertEquals("operator", grantEntry.getJsonObject("after").getString("role"));
        assertEquals(JsonValue.NULL, grantEntry.get("before"));

        JsonObject statusEntry = auditOf(report).getJsonArray("items").getJsonObject(0);
        assertEquals("report.status_changed", statusEntry.getString("action"));
        assertEquals(id, statusEntry.getJsonObject("actor").getString("id"));
        assertEquals("open", statusEntry.getJsonObject("before").getString("status"));
        assertEquals("in_progress", statusEntry.getJsonObject("after").getString("status"));
        assertEquals("Carpenter booked", statusEntry.getJsonObject("after").getString("reason"));
    }

    @Test
    void removingARoleIsAuditedAndTakesEffectAtTheNextToken() {
        JsonObject user = citizen("Mo");
        String id = user.getString("id");
        JsonObject account = json(grant(id, "moderator", adminToken()));
        String grantId = account.getJsonArray("roles").stream().map(JsonValue::asJsonObject)
                .filter(r -> r.getString("role").equals("moderator")).findFirst().orElseThrow().getString("id");

        HttpResponse<String> removed = delete("/api/v1/admin/users/" + id + "/roles/" + grantId, adminToken());
        assertEquals(200, removed.statusCode(), removed.body());
        assertTrue(!removed.body().contains("moderator"), removed.body());
        assertEquals("user.role_revoked", auditOf(id).getJsonArray("items").getJsonObject(0).getString("action"));

        String report = createReport("Graffiti on the wall", "graffiti").getString("id");
        assertEquals(403, postJson("/api/v1/reports/" + report + "/status",
                "{\"status\":\"rejected\",\"reason\":\"x\"}", login(user.getString("email"), PASSWORD)).statusCode());
    }

    @Test
    void aGrantCannotBeRemovedThroughAnotherUser() {
        JsonObject first = citizen("Ann");
        JsonObject second = citizen("Ben");
        String grantOfFirst = first.getJsonArray("roles").getJsonObject(0).getString("id");
        problem(delete("/api/v1/admin/users/" + second.getString("id") + "/roles/" + grantOfFirst, adminToken()), 404);
        assertEquals(1, json(get("/api/v1/admin/users/" + first.getString("id"), adminToken()))
                .getJsonArray("roles").size(), "the first user's role is still there");
    }

    @Test
    void theLastAdministratorStays() {
        JsonObject admins = json(get("/api/v1/admin/users?email=" + System.getProperty("fmq.it.admin-email",
                "admin@it.example"), adminToken()));
        JsonObject admin = admins.getJsonArray("items").getJsonObject(0);
        JsonObject account = json(get("/api/v1/admin/users/" + admin.getString("id"), adminToken()));
        String grantId = account.getJsonArray("roles").getJsonObject(0).getString("id");
        JsonObject refused = problem(delete("/api/v1/admin/users/" + admin.getString("id") + "/roles/" + grantId,
                adminToken()), 409);
        assertEquals("urn:fixmyquarter:problem:last-administrator", refused.getString("type"));
    }

    @Test
    void onlyAdministratorsSeeUsersAndTheLog() {
        JsonObject user = citizen("Zoe");
        String token = login(user.getString("email"), PASSWORD);
        assertEquals(403, get("/api/v1/admin/users", token).statusCode());
        assertEquals(403, get("/api/v1/admin/audit", token).statusCode());
        assertEquals(403, grant(user.getString("id"), "administrator", token).statusCode(), "no self-promotion");
        assertEquals(401, get("/api/v1/admin/audit").statusCode());
        problem(grant(user.getString("id"), "mayor", adminToken()), 400);
    }
}
