package org.fixmyquarter.it;

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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * Votes: once per user and report, removable, exact under parallel requests, and a list sorted by
 * votes ("most supported").
 */
class VotesIT {

    private static String citizenToken() {
        String email = "voter-" + UUID.randomUUID() + "@example.org";
        postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                .add("password", "a long enough password").add("displayName", "Voter").build().toString());
        return login(email, "a long enough password");
    }

    private static JsonObject vote(String report, String token) {
        return json(send(request("/api/v1/reports/" + report + "/vote").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    @Test
    void parallelVotesOfManyUsersAreCountedExactlyAndRepeatsOnce() throws Exception {
        String report = createReport("Popular pothole", "pothole").getString("id");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tokens.add(citizenToken());
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<JsonObject>> calls = new ArrayList<>();
            for (String token : tokens) {
                calls.add(() -> vote(report, token));
                calls.add(() -> vote(report, token));
            }
            for (Future<JsonObject> done : pool.invokeAll(calls)) {
                assertTrue(done.get().getBoolean("voted"));
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(12, json(get("/api/v1/reports/" + report)).getInt("votes"), "24 votes of 12 users count 12");

        JsonObject removed = json(send(request("/api/v1/reports/" + report + "/vote")
                .header("Authorization", "Bearer " + tokens.get(0)).DELETE().build()));
        assertEquals(false, removed.getBoolean("voted"));
        assertEquals(11, removed.getInt("votes"));

        // Each reader asks about their own vote only: the page's pressed button.
        assertEquals(false, ownVote(report, tokens.get(0)).getBoolean("voted"), "the vote taken back");
        JsonObject kept = ownVote(report, tokens.get(1));
        assertEquals(true, kept.getBoolean("voted"), "a vote kept");
        assertEquals(11, kept.getInt("votes"));
        assertEquals(false, ownVote(report, citizenToken()).getBoolean("voted"), "someone who never voted");
        assertEquals(401, get("/api/v1/reports/" + report + "/vote").statusCode(), "anonymous has no vote to ask about");
    }

    private static JsonObject ownVote(String report, String token) {
        return json(send(request("/api/v1/reports/" + report + "/vote").header("Authorization", "Bearer " + token)
                .GET().build()));
    }

    @Test
    void mostSupportedFirst() {
        String less = createReport("Less supported", "litter").getString("id");
        String more = createReport("More supported", "litter").getString("id");
        String a = citizenToken();
        String b = citizenToken();
        vote(more, a);
        vote(more, b);
        vote(less, a);
        JsonObject first = json(get("/api/v1/reports?sort=votes&limit=1")).getJsonArray("items").getJsonObject(0);
        assertTrue(first.getInt("votes") >= 2, first.toString());
        List<String> order = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = json(get("/api/v1/reports?sort=votes&category=litter&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            page.getJsonArray("items").forEach(r -> order.add(r.asJsonObject().getString("id")));
            cursor = page.isNull("next") ? null : page.getString("next");
        } while (cursor != null);
        assertTrue(order.indexOf(more) < order.indexOf(less), order.toString());
        assertEquals(order.size(), order.stream().distinct().count(), "no report twice across pages");
        assertEquals(400, get("/api/v1/reports?sort=loudest").statusCode());
    }
}
