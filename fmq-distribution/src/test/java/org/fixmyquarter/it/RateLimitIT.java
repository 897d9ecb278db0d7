package org.fixmyquarter.it;

import static org.fixmyquarter.it.support.Api.request;
import static org.fixmyquarter.it.support.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.security.SecureRandom;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * The two test servers (one on H2, one on PostgreSQL) share one Redis: one client address gets
 * one limit (40 requests a minute in the tests) across both, then 429 with Retry-After.
 */
class RateLimitIT {

    private static final String H2 = System.getProperty("fmq.it.h2-url", "http://localhost:9180");
    private static final String PG = System.getProperty("fmq.it.pg-url", "http://localhost:9280");
    private static final int LIMIT = 40;

    @Test
    void signInsFromOneAddressAreSlowedBeforeAnyAccountLocks() {
        String client = "203.0.113." + new SecureRandom().nextInt(256) + "-" + System.nanoTime();
        int refusedAt = 0;
        for (int attempt = 1; attempt <= 12 && refusedAt == 0; attempt++) {
            String email = "guess-" + attempt + "-" + System.nanoTime() + "@example.org";
            HttpResponse<String> response = send(request(H2 + "/api/v1/auth/login")
                    .setHeader("X-Forwarded-For", client).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email
                            + "\",\"password\":\"wrong password\"}")).build());
            if (response.statusCode() == 429) {
                refusedAt = attempt;
                assertEquals("urn:fixmyquarter:problem:rate-limited",
                        org.fixmyquarter.it.support.Api.json(response).getString("type"));
            } else {
                assertEquals(401, response.statusCode(), response.body());
            }
        }
        // 10 sign-ins a minute per address (fmq.ratelimit.sign-in), whatever the addresses tried.
        assertEquals(11, refusedAt);
    }

    @Test
    void twoServersEnforceOneSharedLimitPerClient() {
        String client = "198.51.100." + new SecureRandom().nextInt(256) + "-" + System.nanoTime();
        int allowed = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 30; i++) {
            for (String server : new String[] {H2, PG}) {
                HttpResponse<String> response = send(request(server + "/api/v1/categories")
                        .setHeader("X-Forwarded-For", client).GET().build());
                if (response.statusCode() == 200) {
                    allowed++;
                } else {
                    assertEquals(429, response.statusCode(), response.body());
                    refused = response;
                }
            }
        }
        // Apart, the servers would allow all 60; together, the bucket of 40 (plus what refills
        // while the test runs, under one token a second).
        assertTrue(allowed >= LIMIT && allowed <= LIMIT + 3, "allowed " + allowed + " of 60; all 60 means the "
                + "servers count apart: is Redis running on 127.0.0.1:6379? (the servers log it at start)");
        assertTrue(refused != null);
        assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElse("0")) >= 1);
        JsonObject problem = org.fixmyquarter.it.support.Api.json(refused);
        assertEquals("urn:fixmyquarter:problem:rate-limited", problem.getString("type"));
    }
}
