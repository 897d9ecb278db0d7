package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.json.JsonObject;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.People;
import org.junit.jupiter.api.Test;

/**
 * Sign-in sessions held against an attacker who has a token: signing out, signing out
 * everywhere and a password change end the tokens at once (and their refreshes), and a role
 * taken away is gone on the next request, whatever the token says.
 */
class SessionsIT {

    private static final String PASSWORD = "a long enough password";

    private static HttpResponse<String> me(String token) {
        return get("/api/v1/auth/me", token);
    }

    private static HttpResponse<String> refresh(String token) {
        return postJson("/api/v1/auth/refresh", "{}", token);
    }

    private static HttpResponse<String> patchMe(String body, String token) {
        return Api.send(Api.request("/api/v1/auth/me").method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).build());
    }

    /** The 401 of an ended session: a problem that says to sign in again, with the RFC 6750 challenge. */
    private static void ended(HttpResponse<String> response) {
        JsonObject refused = problem(response, 401);
        assertEquals("urn:fixmyquarter:problem:invalid-token", refused.getString("type"));
        assertTrue(refused.getString("detail").contains("session has ended"), refused.toString());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
    }

    @Test
    void signingOutEndsThatSessionAndItsRefreshesButNotTheOtherDevices() {
        People.Person ana = People.citizen("Ana Session", null, null);
        String laptop = login(ana.email(), PASSWORD);
        String refreshed = json(refresh(ana.token())).getString("access_token");

        HttpResponse<String> out = postJson("/api/v1/auth/logout", "{}", ana.token());
        assertEquals(204, out.statusCode(), out.body());
        assertEquals("no-store", out.headers().firstValue("Cache-Control").orElse(""));

        ended(me(ana.token()));
        ended(me(refreshed));
        ended(refresh(ana.token()));
        ended(postJson("/api/v1/auth/logout", "{}", ana.token()));
        assertEquals(200, me(laptop).statusCode(), "the laptop's session stays open");
    }

    @Test
    void aPasswordChangeEndsEveryOtherSessionAndKeepsThisOne() {
        People.Person ana = People.citizen("Ana Password", null, null);
        String thief = login(ana.email(), PASSWORD);
        assertEquals(200, me(thief).statusCode());

        HttpResponse<String> changed = patchMe("{\"password\":\"" + PASSWORD + " changed\",\"currentPassword\":\""
                + PASSWORD + "\"}", ana.token());
        assertEquals(200, changed.statusCode(), changed.body());

        ended(me(thief));
        ended(refresh(thief));
        ended(patchMe("{\"displayName\":\"Taken over\"}", thief));
        assertEquals(200, me(ana.token()).statusCode(), "the session the password was changed in stays open");
        assertEquals("Ana Password", json(me(ana.token())).getString("displayName"));
        login(ana.email(), PASSWORD + " changed");
    }

    @Test
    void signingOutEverywhereEndsEverySession() {
        People.Person ana = People.citizen("Ana Everywhere", null, null);
        String phone = login(ana.email(), PASSWORD);
        HttpResponse<String> out = postJson("/api/v1/auth/logout-everywhere", "{}", phone);
        assertEquals(204, out.statusCode(), out.body());
        ended(me(phone));
        ended(me(ana.token()));
        assertEquals(200, me(login(ana.email(), PASSWORD)).statusCode(), "a new sign-in works");
    }

    @Test
    void aRemovedAdministratorIsNoLongerOneOnTheNextRequestAndCannotRestoreItself() {
        People.Person olga = People.staff("Olga Former Admin", "administrator");
        String admin = adminToken();
        assertEquals(200, get("/api/v1/admin/users?limit=1", olga.token()).statusCode());
        JsonObject account = json(get("/api/v1/admin/users/" + olga.id(), admin));
        String grant = account.getJsonArray("roles").stream().map(v -> v.asJsonObject())
                .filter(r -> "administrator".equals(r.getString("role"))).findFirst().orElseThrow().getString("id");

        HttpResponse<String> revoked = Api.send(Api.request("/api/v1/admin/users/" + olga.id() + "/roles/" + grant)
                .header("Authorization", "Bearer " + admin).DELETE().build());
        assertEquals(200, revoked.statusCode(), revoked.body());

        problem(get("/api/v1/admin/users?limit=1", olga.token()), 403);
        problem(postJson("/api/v1/admin/users/" + olga.id() + "/roles", "{\"role\":\"administrator\"}", olga.token()),
                403);
        JsonObject refreshed = json(refresh(olga.token()));
        problem(get("/api/v1/admin/users?limit=1", refreshed.getString("access_token")), 403);
        assertTrue(json(me(olga.token())).getJsonArray("roles").stream()
                .noneMatch(r -> "administrator".equals(r.asJsonObject().getString("role"))));
    }

    @Test
    void aRoleGrantedWorksOnTheNextRequestWithTheSameToken() {
        People.Person mo = People.citizen("Mo Promoted", null, null);
        problem(get("/api/v1/moderation/flags", mo.token()), 403);
        HttpResponse<String> granted = postJson("/api/v1/admin/users/" + mo.id() + "/roles", "{\"role\":\"moderator\"}",
                adminToken());
        assertEquals(201, granted.statusCode(), granted.body());
        assertEquals(200, get("/api/v1/moderation/flags", mo.token()).statusCode());
    }

    @Test
    void signInsAndSignOutsAreInTheAuditLog() {
        People.Person ana = People.citizen("Ana Audited", null, null);
        postJson("/api/v1/auth/logout", "{}", ana.token());
        List<String> actions = json(get("/api/v1/admin/audit?target=" + ana.id(), adminToken())).getJsonArray("items")
                .stream().map(v -> v.asJsonObject().getString("action")).toList();
        assertTrue(actions.contains("user.signed_in"), actions.toString());
        assertTrue(actions.contains("user.signed_out"), actions.toString());
        assertTrue(json(get("/api/v1/admin/audit?target=" + ana.id(), adminToken())).toString()
                .indexOf(ana.token().substring(20)) < 0, "no token in the audit log");
    }

    @Test
    void manyDevicesSigningOutAtOnceAllEnd() throws Exception {
        People.Person ana = People.citizen("Ana Devices", null, null);
        List<String> devices = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(login(ana.email(), PASSWORD));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> outs = pool.invokeAll(devices.stream()
                    .map(token -> (Callable<HttpResponse<String>>) () -> postJson("/api/v1/auth/logout", "{}", token))
                    .toList());
            for (Future<HttpResponse<String>> out : outs) {
                assertEquals(204, out.get().statusCode(), out.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        devices.forEach(token -> ended(me(token)));
        assertEquals(200, me(ana.token()).statusCode());
    }
}
