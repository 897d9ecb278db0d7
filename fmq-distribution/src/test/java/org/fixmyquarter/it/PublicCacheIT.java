package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.report;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.json.JsonObject;

import org.fixmyquarter.it.support.People;
import org.junit.jupiter.api.Test;

/**
 * The cache of public reads (docs/performance.md, "Cached public reads"): a repeated read is
 * answered from it, and every write shows up at the very next read, the reader's own and
 * everyone else's.
 */
class PublicCacheIT {

    /** A place of its own per test, so that each list holds only the test's own reports. */
    private static double[] somewhere() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new double[] {43 + random.nextDouble(), 1 + random.nextDouble()};
    }

    private static String created(double[] at, String title) {
        HttpResponse<String> made = postJson("/api/v1/reports", report(title, "pothole", at[0], at[1]));
        assertEquals(201, made.statusCode(), made.body());
        return json(made).getString("id");
    }

    private static String mostVoted(double[] at) {
        return "/api/v1/reports?sort=votes&radius=100m&near=" + at[0] + "," + at[1];
    }

    private static HttpResponse<String> read(String path, String token) {
        HttpRequest.Builder builder = request(path);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.GET().build());
    }

    /**
     * Reads a path until the cache answers it: a few tries, since a write elsewhere (another
     * test's background work, the other test server sharing Redis) may drop the cache between two
     * reads. The first answer that is a hit proves the read is cached.
     */
    private static HttpResponse<String> readUntilHit(String path, String token) {
        HttpResponse<String> answer = null;
        for (int i = 0; i < 5; i++) {
            answer = read(path, token);
            if ("hit".equals(answer.headers().firstValue("X-Cache").orElse(""))) {
                return answer;
            }
        }
        throw new AssertionError("never answered from the cache in 5 reads of " + path + ": last X-Cache "
                + answer.headers().firstValue("X-Cache").orElse("(none)"));
    }

    private static List<String> ids(HttpResponse<String> page) {
        return json(page).getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(item -> item.getString("id")).toList();
    }

    @Test
    void aVoteShowsUpAtTheNextReadOfTheCachedMostVotedList() {
        double[] at = somewhere();
        String first = created(at, "Pothole by the bakery");
        String second = created(at, "Pothole by the school");

        HttpResponse<String> before = get(mostVoted(at));
        assertEquals(200, before.statusCode(), before.body());
        HttpResponse<String> again = readUntilHit(mostVoted(at), null);
        assertEquals(before.body(), again.body(), "the same read again is served from the cache");
        assertEquals(before.headers().firstValue("ETag"), again.headers().firstValue("ETag"));
        assertEquals("public, no-cache", again.headers().firstValue("Cache-Control").orElse(""));

        // Newest first until a vote: the second report made is listed first among equals.
        String voted = ids(before).get(0).equals(first) ? second : first;
        People.Person voter = People.citizen("Vera Voter", null, null);
        HttpResponse<String> vote = send(request("/api/v1/reports/" + voted + "/vote")
                .header("Authorization", "Bearer " + voter.token()).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, vote.statusCode(), vote.body());

        HttpResponse<String> after = get(mostVoted(at));
        assertEquals("miss", after.headers().firstValue("X-Cache").orElse(""), "the vote dropped the cached answer");
        assertEquals(voted, ids(after).get(0), "the voted report leads at once");
        assertEquals(1, json(after).getJsonArray("items").getJsonObject(0).getInt("votes"));
        assertNotEquals(before.headers().firstValue("ETag"), after.headers().firstValue("ETag"));
    }

    @Test
    void aClientHoldingTheAnswerGets304UntilItChanges() {
        double[] at = somewhere();
        String id = created(at, "Street light out");
        String page = "/api/v1/reports/" + id;
        String tag = get(page).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> same = send(request(page).header("If-None-Match", tag).GET().build());
        assertEquals(304, same.statusCode());
        assertEquals("", same.body());
        assertEquals(tag, same.headers().firstValue("ETag").orElse(""));
        String listTag = get(mostVoted(at)).headers().firstValue("ETag").orElseThrow();
        assertEquals(304, send(request(mostVoted(at)).header("If-None-Match", listTag).GET().build()).statusCode(),
                "the list from the cache answers 304 too");

        People.Person voter = People.citizen("Vic Voter", null, null);
        assertEquals(200, send(request(page + "/vote").header("Authorization", "Bearer " + voter.token())
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode());
        HttpResponse<String> changed = send(request(mostVoted(at)).header("If-None-Match", listTag).GET().build());
        assertEquals(200, changed.statusCode(), "a vote changes the list: the old tag no longer matches");
        assertEquals(1, json(changed).getJsonArray("items").getJsonObject(0).getInt("votes"));
        assertEquals(200, send(request(page).header("If-None-Match", tag).GET().build()).statusCode(),
                "nor the report's");
    }

    @Test
    void staffAreNeverAnsweredFromTheVisitorsCache() {
        double[] at = somewhere();
        String id = created(at, "Rude words on the wall");
        String list = mostVoted(at);
        assertTrue(ids(get(list)).contains(id));
        assertTrue(ids(readUntilHit(list, null)).contains(id));

        People.Person moderator = People.staff("Mona Moderator", "moderator");
        assertEquals(200, postJson("/api/v1/moderation/reports/" + id + "/hide", "{\"reason\":\"Insult\"}",
                moderator.token()).statusCode());

        assertFalse(ids(get(list)).contains(id), "visitors no longer see the hidden report");
        assertEquals(404, get("/api/v1/reports/" + id).statusCode());
        HttpResponse<String> staffList = read(list, moderator.token());
        assertTrue(ids(staffList).contains(id), "staff still see it");
        assertTrue(staffList.headers().firstValue("X-Cache").isEmpty(), "staff answers are never cached");
        assertEquals("private, no-cache", staffList.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("Insult", json(read("/api/v1/reports/" + id, moderator.token())).getJsonObject("hidden")
                .getString("reason"));
    }

    @Test
    void aCitizenSharesTheVisitorsListButNotTheReportPage() {
        double[] at = somewhere();
        String id = created(at, "Leak at the corner");
        People.Person citizen = People.citizen("Cid Citizen", null, null);
        get(mostVoted(at));
        readUntilHit(mostVoted(at), citizen.token());
        readUntilHit("/api/v1/reports/" + id, null);
        assertTrue(read("/api/v1/reports/" + id, citizen.token()).headers().firstValue("X-Cache").isEmpty(),
                "a report's page shows the reader's own vote and follow: never from the visitors' cache");
        get("/api/v1/categories");
        assertFalse(json(readUntilHit("/api/v1/categories", citizen.token())).getJsonArray("items").isEmpty());
    }
}
