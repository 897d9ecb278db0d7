package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * Reports move open -> in_progress -> resolved with a reason each time, and the history keeps
 * every step.
 */
class StatusWorkflowIT {

    /** Status changes need an operator, moderator or administrator: the test server's first administrator. */
    private static final String ADMIN = adminToken();

    private static HttpResponse<String> move(String id, String status, String reason) {
        String body = reason == null ? "{\"status\":\"" + status + "\"}"
                : "{\"status\":\"" + status + "\",\"reason\":\"" + reason + "\"}";
        return postJson("/api/v1/reports/" + id + "/status", body, ADMIN);
    }

    @Test
    void reportMovesThroughTheWorkflowAndHistoryRecordsEachStep() {
        String id = createReport("Water leak on Elm Street", "water").getString("id");

        HttpResponse<String> started = move(id, "in_progress", "Crew dispatched");
        assertEquals(200, started.statusCode(), started.body());
        assertEquals("in_progress", json(started).getString("status"));
        HttpResponse<String> resolved = move(id, "resolved", "Pipe replaced");
        assertEquals("resolved", json(resolved).getString("status"));
        assertEquals("resolved", json(get("/api/v1/reports/" + id)).getString("status"));

        List<JsonObject> history = json(get("/api/v1/reports/" + id + "/history")).getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).collect(Collectors.toList());
        assertEquals(3, history.size());
        assertEquals(JsonValue.NULL, history.get(0).get("from"));
        assertEquals("open", history.get(0).getString("to"));
        assertEquals("open", history.get(1).getString("from"));
        assertEquals("in_progress", history.get(1).getString("to"));
        assertEquals("Crew dispatched", history.get(1).getString("reason"));
        assertEquals("in_progress", history.get(2).getString("from"));
        assertEquals("resolved", history.get(2).getString("to"));
        assertEquals("Pipe replaced", history.get(2).getString("reason"));
        assertTrue(history.get(2).getString("at").endsWith("Z"));
    }

    @Test
    void forbiddenTransitionIs409AndChangesNothing() {
        String id = createReport("Illegal dumping", "waste").getString("id");
        assertEquals(200, move(id, "resolved", "Cleared").statusCode());

        JsonObject problem = problem(move(id, "in_progress", "Again"), 409);

        assertEquals("urn:fixmyquarter:problem:invalid-status-transition", problem.getString("type"));
        assertTrue(problem.getString("detail").contains("open"), problem.toString());
        assertEquals("resolved", json(get("/api/v1/reports/" + id)).getString("status"));
        assertEquals(2, json(get("/api/v1/reports/" + id + "/history")).getJsonArray("items").size());
    }

    @Test
    void resolvedReportCanBeReopened() {
        String id = createReport("Loose paving stone", "road").getString("id");
        move(id, "resolved", "Fixed");

        HttpResponse<String> reopened = move(id, "open", "Came loose again");

        assertEquals("open", json(reopened).getString("status"));
    }

    @Test
    void statusChangeNeedsAKnownStatusAndAReason() {
        String id = createReport("Exposed cable", "electricity").getString("id");

        assertEquals("reason", problem(move(id, "in_progress", null), 400)
                .getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals("status", problem(move(id, "fixed", "Because"), 400)
                .getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals("status", problem(postJson("/api/v1/reports/" + id + "/status", "{\"reason\":\"x\"}", ADMIN), 400)
                .getJsonArray("errors").getJsonObject(0).getString("field"));
        problem(move("noSuchReport", "in_progress", "Crew"), 404);
        assertEquals("open", json(get("/api/v1/reports/" + id)).getString("status"));
    }
}
