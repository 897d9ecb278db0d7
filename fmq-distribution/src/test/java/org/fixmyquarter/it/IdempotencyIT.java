package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.report;
import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A client on a flaky network retries with the same Idempotency-Key and never creates a second
 * report.
 */
class IdempotencyIT {

    private static HttpResponse<String> post(String key, String body) {
        return send(request("/api/v1/reports")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void replayReturnsTheFirstResult() {
        String key = UUID.randomUUID().toString();
        String body = report("Overflowing bin", "waste", 52.52, 13.405);

        HttpResponse<String> first = post(key, body);
        HttpResponse<String> second = post(key, body);

        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, second.statusCode(), second.body());
        assertEquals(json(first), json(second));
        assertEquals(first.headers().firstValue("Location"), second.headers().firstValue("Location"));
        assertEquals("true", second.headers().firstValue("Idempotent-Replayed").orElse(""));
    }

    @Test
    void concurrentRetriesWithOneKeyCreateOneReport() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = report("Flooded underpass", "water", 51.5072, -0.1276);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> post(key, body)));
            }
            Set<String> ids = new HashSet<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                // Each retry either gets the report or is told the first request is still running.
                assertTrue(response.statusCode() == 201 || response.statusCode() == 409, response.body());
                if (response.statusCode() == 201) {
                    ids.add(json(response).getString("id"));
                }
            }
            assertEquals(1, ids.size(), "one report for one key: " + ids);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(201, post(key, body).statusCode());
    }

    @Test
    void sameKeyWithDifferentBodyIs422() {
        String key = UUID.randomUUID().toString();
        assertEquals(201, post(key, report("Graffiti", "other", 1, 1)).statusCode());

        problem(post(key, report("Different graffiti", "other", 1, 1)), 422);
    }

    @Test
    void differentKeysCreateDifferentReports() {
        String body = report("Fallen tree", "safety", 40.4168, -3.7038);

        HttpResponse<String> first = post(UUID.randomUUID().toString(), body);
        HttpResponse<String> second = post(UUID.randomUUID().toString(), body);

        assertNotEquals(json(first).getString("id"), json(second).getString("id"));
    }

    @Test
    void invalidRequestDoesNotBurnTheKey() {
        String key = UUID.randomUUID().toString();
        problem(post(key, "{\"title\":\"\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":1}}"), 400);

        HttpResponse<String> fixed = post(key, report("Pothole fixed body", "road", 1, 1));

        assertEquals(201, fixed.statusCode(), fixed.body());
    }

    @Test
    void overlongKeyIsRefused() {
        HttpResponse<String> response = post("k".repeat(256), report("Pothole", "road", 1, 1));

        assertTrue(problem(response, 400).getString("detail").contains("Idempotency-Key"));
    }
}
