package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * A signed-in user files at most fmq.quota.reports-per-day reports in 24 hours (5 on the test
 * servers); the next gets 429 with Retry-After, and nothing is stored.
 */
class QuotaIT {

    private static final int QUOTA = 5;
    private static final String REPORT = "{\"title\":\"Quota\",\"category\":\"litter\",\"location\":{\"lat\":1,\"lon\":2}}";

    @Test
    void theSixthReportOfTheDayIsRefused() {
        String email = "quota-" + UUID.randomUUID() + "@example.org";
        postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                .add("password", "a long enough password").add("displayName", "Quinn").build().toString());
        String token = login(email, "a long enough password");
        for (int i = 1; i <= QUOTA; i++) {
            HttpResponse<String> created = postJson("/api/v1/reports", REPORT, token);
            assertEquals(201, created.statusCode(), "report " + i + ": " + created.body());
        }
        HttpResponse<String> refused = postJson("/api/v1/reports", REPORT, token);
        JsonObject problem = problem(refused, 429);
        assertEquals("urn:fixmyquarter:problem:quota-exceeded", problem.getString("type"));
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter > 23 * 3600 && retryAfter <= 24 * 3600 + 1, "until the first report is a day old: "
                + retryAfter);

        long stored = json(org.fixmyquarter.it.support.Api.get("/api/v1/reports?limit=100")).getJsonArray("items")
                .stream().filter(r -> r.asJsonObject().getString("author").equals("Quinn")).count();
        assertEquals(QUOTA, stored, "the refused report was not stored");
        createReport("Visitors are held back by rate limits, not the quota", "litter");
    }
}
