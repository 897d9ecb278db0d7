package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * Comments: signed-in users write them; authors edit or delete their own, never someone else's;
 * everyone reads them.
 */
class CommentsIT {

    private static String citizen(String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
        postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                .add("password", "a long enough password").add("displayName", name).build().toString());
        return login(email, "a long enough password");
    }

    private static HttpResponse<String> patch(String path, String body, String token) {
        return send(request(path).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void authorsWriteEditAndDeleteTheirOwnComments() {
        String report = createReport("Leaking hydrant", "water-leak").getString("id");
        String ana = citizen("Ana");
        String ben = citizen("Ben");
        HttpResponse<String> written = postJson("/api/v1/reports/" + report + "/comments",
                "{\"text\":\"  Still leaking this morning  \"}", ana);
        assertEquals(201, written.statusCode(), written.body());
        JsonObject comment = json(written);
        assertEquals("Still leaking this morning", comment.getString("text"));
        String path = "/api/v1/reports/" + report + "/comments/" + comment.getString("id");

        JsonObject edited = json(patch(path, "{\"text\":\"Still leaking, worse now\"}", ana));
        assertEquals("Still leaking, worse now", edited.getString("text"));
        assertTrue(!edited.isNull("editedAt"));

        JsonObject refused = problem(patch(path, "{\"text\":\"hijacked\"}", ben), 403);
        assertEquals("urn:fixmyquarter:problem:forbidden", refused.getString("type"));
        problem(send(request(path).header("Authorization", "Bearer " + ben).DELETE().build()), 403);

        assertEquals(204, send(request(path).header("Authorization", "Bearer " + ana).DELETE().build()).statusCode());
        JsonObject listed = json(get("/api/v1/reports/" + report + "/comments")).getJsonArray("items").getJsonObject(0);
        assertEquals(true, listed.getBoolean("deleted"));
        assertEquals("", listed.getString("text"));
        problem(patch(path, "{\"text\":\"again\"}", ana), 409);
    }

    @Test
    void badCommentsAreRefused() {
        String report = createReport("Dark corner", "streetlight-out").getString("id");
        String token = citizen("Cy");
        problem(postJson("/api/v1/reports/" + report + "/comments", "{\"text\":\"   \"}", token), 400);
        problem(postJson("/api/v1/reports/" + report + "/comments", "{\"text\":\"" + "x".repeat(2001) + "\"}", token), 400);
        problem(postJson("/api/v1/reports/no-such-report/comments", "{\"text\":\"hello\"}", token), 404);
        assertEquals(401, postJson("/api/v1/reports/" + report + "/comments", "{\"text\":\"anonymous\"}").statusCode());
        String other = createReport("Other report", "litter").getString("id");
        String id = json(postJson("/api/v1/reports/" + report + "/comments", "{\"text\":\"mine\"}", token)).getString("id");
        problem(patch("/api/v1/reports/" + other + "/comments/" + id, "{\"text\":\"moved\"}", token), 404);
    }
}
