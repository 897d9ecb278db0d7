package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.BadCredentials;
import org.junit.jupiter.api.Test;

/**
 * Accounts and tokens: registration, sign-in for an RS256 token verified by MicroProfile JWT,
 * roles on protected endpoints, the first administrator from the settings, and the lock-out
 * after repeated failures, without telling which addresses have accounts.
 */
class AuthIT {

    private static final String PASSWORD = "a long enough password";

    private static String newEmail() {
        return "citizen-" + UUID.randomUUID() + "@Example.org";
    }

    private static HttpResponse<String> register(String email, String password, String name) {
        return postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                .add("password", password).add("displayName", name).add("preferredLanguage", "fr").build().toString());
    }

    private static HttpResponse<String> tryLogin(String email, String password) {
        return postJson("/api/v1/auth/login", Json.createObjectBuilder().add("email", email).add("password", password)
                .build().toString());
    }

    @Test
    void aCitizenRegistersSignsInAndSeesTheirAccount() {
        String email = newEmail();
        HttpResponse<String> created = register(email, PASSWORD, "  Ana  ");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject account = json(created);
        assertEquals(email.toLowerCase(), account.getString("email"));
        assertEquals("Ana", account.getString("displayName"));
        assertEquals("citizen", account.getJsonArray("roles").getJsonObject(0).getString("role"));
        assertTrue(!created.body().contains(PASSWORD), "the password never comes back");

        String token = login(email.toUpperCase(), PASSWORD);
        JsonObject me = json(get("/api/v1/auth/me", token));
        assertEquals(account.getString("id"), me.getString("id"));
        assertEquals("fr", me.getString("preferredLanguage"));

        JsonObject claims = claims(token);
        assertEquals(account.getString("id"), claims.getString("sub"));
        assertEquals("citizen", claims.getJsonArray("groups").getString(0));
        assertTrue(claims.getJsonNumber("exp").longValue() > claims.getJsonNumber("iat").longValue());

        HttpResponse<String> refreshed = postJson("/api/v1/auth/refresh", "{}", token);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertNotEquals(token, json(refreshed).getString("access_token"));
    }

    @Test
    void aUserChangesTheirOwnAccountAndAPasswordNeedsTheCurrentOne() {
        String email = newEmail();
        register(email, PASSWORD, "Gil");
        String token = login(email, PASSWORD);

        HttpResponse<String> renamed = patchMe("{\"displayName\":\"Gil B.\",\"preferredLanguage\":\"de\"}", token);
        assertEquals(200, renamed.statusCode(), renamed.body());
        assertEquals("Gil B.", json(renamed).getString("displayName"));
        assertEquals("de", json(renamed).getString("preferredLanguage"));

        JsonObject wrong = problem(patchMe("{\"password\":\"a brand new password\",\"currentPassword\":\"nope\"}",
                token), 400);
        assertEquals("currentPassword", wrong.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(200, patchMe("{\"password\":\"a brand new password\",\"currentPassword\":\"" + PASSWORD + "\"}",
                token).statusCode());
        assertEquals(401, tryLogin(email, PASSWORD).statusCode(), "the old password is gone");
        login(email, "a brand new password");
    }

    private static HttpResponse<String> patchMe(String body, String token) {
        return org.fixmyquarter.it.support.Api.send(org.fixmyquarter.it.support.Api.request("/api/v1/auth/me")
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void registrationRefusesBadFieldsAndATakenAddress() {
        JsonObject invalid = problem(register("not-an-address", "short", ""), 400);
        assertEquals(3, invalid.getJsonArray("errors").size(), invalid.toString());

        String email = newEmail();
        assertEquals(201, register(email, PASSWORD, "First").statusCode());
        JsonObject taken = problem(register(email.toUpperCase(), PASSWORD, "Second"), 409);
        assertEquals("urn:fixmyquarter:problem:email-taken", taken.getString("type"));
    }

    @Test
    void wrongPasswordAndUnknownAddressGetTheSameAnswer() {
        String email = newEmail();
        register(email, PASSWORD, "Bo");
        JsonObject wrong = problem(tryLogin(email, "not the password"), 401);
        JsonObject unknown = problem(tryLogin(newEmail(), "not the password"), 401);
        assertEquals(wrong, unknown);
        assertEquals("urn:fixmyquarter:problem:invalid-credentials", wrong.getString("type"));
    }

    private static HttpResponse<String> tryLoginFrom(String address, String email, String password) {
        return Api.send(Api.request("/api/v1/auth/login").setHeader("X-Forwarded-For", address)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder().add("email", email)
                        .add("password", password).build().toString())).build());
    }

    @Test
    void repeatedFailuresSlowDownTheirAddressOnlyAndTellNothing() {
        String email = newEmail();
        String id = json(register(email, PASSWORD, "Cy")).getString("id");
        String attacker = "10.250." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
        JsonObject wrong = null;
        for (int i = 1; i <= 5; i++) {
            wrong = problem(tryLoginFrom(attacker, email, "guess " + i), 401);
        }
        // Within the delay the right password from that address gets exactly a wrong password's answer...
        assertEquals(wrong, problem(tryLoginFrom(attacker, email, PASSWORD), 401));
        // ...and so does an address without an account: nothing tells the account is being guessed at.
        assertEquals(wrong, problem(tryLoginFrom(attacker, newEmail(), PASSWORD), 401));
        // The owner, from anywhere else, is not locked out.
        assertEquals(200, tryLoginFrom("10.251.0.1", email, PASSWORD).statusCode());

        java.util.List<String> actions = json(get("/api/v1/admin/audit?target=" + id, adminToken())).getJsonArray("items")
                .stream().map(v -> v.asJsonObject().getString("action")).toList();
        assertEquals(5, actions.stream().filter("user.sign_in_failed"::equals).count(), actions.toString());
    }

    @Test
    void statusChangesNeedAnOperatorModeratorOrAdministrator() {
        String id = createReport("Needs a role", "pothole").getString("id");
        String body = "{\"status\":\"in_progress\",\"reason\":\"On it\"}";

        assertEquals(401, postJson("/api/v1/reports/" + id + "/status", body).statusCode(), "anonymous");
        String email = newEmail();
        register(email, PASSWORD, "Dee");
        JsonObject forbidden = problem(postJson("/api/v1/reports/" + id + "/status", body, login(email, PASSWORD)), 403);
        assertEquals("urn:fixmyquarter:problem:forbidden", forbidden.getString("type"));

        HttpResponse<String> moved = postJson("/api/v1/reports/" + id + "/status", body, adminToken());
        assertEquals(200, moved.statusCode(), moved.body());
        JsonObject history = json(get("/api/v1/reports/" + id + "/history"));
        assertEquals("Administrator", history.getJsonArray("items").getJsonObject(1).getString("actor"));
    }

    @Test
    void theAdminListNeedsAnAdministrator() {
        assertEquals(401, get("/api/v1/admin/plugins").statusCode());
        String email = newEmail();
        register(email, PASSWORD, "Eve");
        assertEquals(403, get("/api/v1/admin/plugins", login(email, PASSWORD)).statusCode());
        assertEquals(200, get("/api/v1/admin/plugins", adminToken()).statusCode());
    }

    @Test
    void aSignedInAuthorIsRecordedOnTheirReport() {
        String email = newEmail();
        register(email, PASSWORD, "Fatima");
        HttpResponse<String> created = postJson("/api/v1/reports",
                "{\"title\":\"Dark lamp\",\"category\":\"streetlight-out\",\"location\":{\"lat\":1,\"lon\":2}}",
                login(email, PASSWORD));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("Fatima", json(created).getString("author"));
    }

    @Test
    void aTokenWithAForgedSignatureIsRefused() {
        String token = adminToken();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[256]);
        assertEquals(401, get("/api/v1/admin/plugins", forged).statusCode());
    }

    @Test
    void aReportSentWithBadCredentialsIsRefusedAndNotStored() {
        String word = "unstored" + UUID.randomUUID().toString().replaceAll("[^a-f]", "");
        for (var bad : BadCredentials.all().entrySet()) {
            HttpResponse<String> refused = Api.send(Api.request("/api/v1/reports").header("Authorization", bad.getValue())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"title\":\"Pothole " + word + "\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":2}}"))
                    .build());
            problem(refused, 401);
        }
        assertEquals(0, json(get("/api/v1/reports?q=" + word)).getJsonArray("items").size(),
                "a refused report must not be stored, not even as anonymous");
    }

    @Test
    void anExpiredTokenSaysSo() {
        HttpResponse<String> refused = get("/api/v1/reports", BadCredentials.all().get("expired").substring("Bearer ".length()));
        problem(refused, 401);
        assertTrue(json(refused).getString("detail").contains("expired"), refused.body());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""));
    }

    @Test
    void noAuthorizationHeaderStaysAnonymous() {
        assertEquals(200, get("/api/v1/reports").statusCode());
        HttpResponse<String> created = postJson("/api/v1/reports",
                "{\"title\":\"Anonymous lamp\",\"category\":\"road\",\"location\":{\"lat\":1,\"lon\":2}}");
        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void theKeySetPublishesTheSigningKey() {
        JsonObject key = json(get("/api/v1/auth/jwks")).getJsonArray("keys").getJsonObject(0);
        assertEquals("RSA", key.getString("kty"));
        assertEquals("RS256", key.getString("alg"));
        String kid = Json.createReader(new java.io.StringReader(new String(Base64.getUrlDecoder()
                .decode(adminToken().split("\\.")[0])))).readObject().getString("kid");
        assertEquals(key.getString("kid"), kid);
    }

    private static JsonObject claims(String token) {
        return Json.createReader(new java.io.StringReader(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]))))
                .readObject();
    }
}
