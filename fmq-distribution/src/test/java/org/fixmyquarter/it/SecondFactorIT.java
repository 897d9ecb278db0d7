package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import org.fixmyquarter.it.support.Api;
import org.fixmyquarter.it.support.People;
import org.fixmyquarter.it.support.Totp;
import org.junit.jupiter.api.Test;

/**
 * The TOTP second factor through the API, as a staff member and an authenticator app use it:
 * enrolment, sign-in with and without a code, a replayed code, a recovery code used twice, and
 * an administrator removing the factor of a lost device. (The test servers run with
 * {@code fmq.auth.staff-second-factor=optional}; SecondFactorPolicyTest checks {@code required}.)
 */
class SecondFactorIT {

    private static final String PASSWORD = "a long enough password";

    private static HttpResponse<String> signIn(String email, String password, String code, String recoveryCode) {
        JsonObjectBuilder body = Json.createObjectBuilder().add("email", email).add("password", password);
        if (code != null) {
            body.add("code", code);
        }
        if (recoveryCode != null) {
            body.add("recoveryCode", recoveryCode);
        }
        return postJson("/api/v1/auth/login", body.build().toString());
    }

    private static HttpResponse<String> delete(String path, String body, String token) {
        HttpRequest.Builder request = Api.request(path).header("Authorization", "Bearer " + token);
        if (body == null) {
            return Api.send(request.DELETE().build());
        }
        return Api.send(request.header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void secondFactorRequired(HttpResponse<String> response) {
        assertEquals("urn:fixmyquarter:problem:second-factor-required", problem(response, 401).getString("type"));
    }

    /** An enrolled person: the secret, the time step its confirming code used, and the recovery codes. */
    private record Enrolled(String secret, long step, List<String> recoveryCodes) {
    }

    private static Enrolled enrol(People.Person person) {
        HttpResponse<String> started = postJson("/api/v1/auth/me/second-factor", "{\"password\":\"" + PASSWORD + "\"}",
                person.token());
        assertEquals(200, started.statusCode(), started.body());
        assertEquals("no-store", started.headers().firstValue("Cache-Control").orElse(""));
        String secret = json(started).getString("secret");
        long step = Totp.now();
        HttpResponse<String> confirmed = postJson("/api/v1/auth/me/second-factor/confirm",
                "{\"code\":\"" + Totp.code(secret, step) + "\"}", person.token());
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals("no-store", confirmed.headers().firstValue("Cache-Control").orElse(""));
        List<String> codes = json(confirmed).getJsonArray("recoveryCodes").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        return new Enrolled(secret, step, codes);
    }

    @Test
    void aStaffMemberEnrolsSignsInWithACodeAndAnAdministratorRemovesTheFactor() {
        People.Person olga = People.staff("Olga Second Factor", "operator");
        JsonObject before = json(get("/api/v1/auth/me", olga.token()));
        assertFalse(before.getBoolean("secondFactor"));
        assertFalse(before.getBoolean("secondFactorRequired"), "the test servers leave it optional");

        problem(postJson("/api/v1/auth/me/second-factor", "{\"password\":\"not the password\"}", olga.token()), 400);
        HttpResponse<String> started = postJson("/api/v1/auth/me/second-factor",
                "{\"password\":\"" + PASSWORD + "\"}", olga.token());
        assertEquals(200, started.statusCode(), started.body());
        JsonObject enrolment = json(started);
        String secret = enrolment.getString("secret");
        assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
        assertEquals("otpauth://totp/FixMyQuarter:" + olga.email() + "?secret=" + secret
                + "&issuer=FixMyQuarter&algorithm=SHA1&digits=6&period=30", enrolment.getString("otpauthUri"));
        assertEquals(200, signIn(olga.email(), PASSWORD, null, null).statusCode(),
                "an enrolment not yet confirmed asks for no code");

        long step = Totp.now();
        String wrong = Totp.code(secret, step + 5);
        problem(postJson("/api/v1/auth/me/second-factor/confirm", "{\"code\":\"" + wrong + "\"}", olga.token()), 400);
        HttpResponse<String> confirmed = postJson("/api/v1/auth/me/second-factor/confirm",
                "{\"code\":\"" + Totp.code(secret, step) + "\"}", olga.token());
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        List<String> recovery = json(confirmed).getJsonArray("recoveryCodes").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        assertEquals(10, recovery.size());
        assertTrue(json(get("/api/v1/auth/me", olga.token())).getBoolean("secondFactor"));
        assertEquals("urn:fixmyquarter:problem:second-factor-enabled", problem(postJson(
                "/api/v1/auth/me/second-factor", "{\"password\":\"" + PASSWORD + "\"}", olga.token()), 409)
                .getString("type"), "a second enrolment would let a stolen token and password replace the factor");

        // Without a code: only the right password learns that one is needed.
        secondFactorRequired(signIn(olga.email(), PASSWORD, null, null));
        assertEquals("urn:fixmyquarter:problem:invalid-credentials",
                problem(signIn(olga.email(), "not the password", null, null), 401).getString("type"));
        assertEquals("urn:fixmyquarter:problem:invalid-credentials",
                problem(signIn(olga.email(), "not the password", Totp.code(secret, step + 1), null), 401)
                        .getString("type"));
        // The confirming code was used; the next step's is good once.
        secondFactorRequired(signIn(olga.email(), PASSWORD, Totp.code(secret, step), null));
        HttpResponse<String> withCode = signIn(olga.email(), PASSWORD, Totp.code(secret, step + 1), null);
        assertEquals(200, withCode.statusCode(), withCode.body());
        String token = json(withCode).getString("access_token");
        assertEquals(200, get("/api/v1/auth/me", token).statusCode());
        assertTrue(json(get("/api/v1/auth/me", token)).getBoolean("secondFactor"));
        secondFactorRequired(signIn(olga.email(), PASSWORD, Totp.code(secret, step + 1), null));

        // A recovery code signs in once.
        HttpResponse<String> recovered = signIn(olga.email(), PASSWORD, null, recovery.get(0));
        assertEquals(200, recovered.statusCode(), recovered.body());
        secondFactorRequired(signIn(olga.email(), PASSWORD, null, recovery.get(0)));

        String admin = adminToken();
        String audit = get("/api/v1/admin/audit?target=" + olga.id() + "&limit=200", admin).body();
        assertTrue(audit.contains("user.second_factor_enabled"), audit);
        assertTrue(audit.contains("user.recovery_code_used"), audit);
        assertTrue(audit.contains("\"where\":\"second-factor\""), "a wrong code is a failed sign-in: " + audit);
        assertFalse(audit.contains(secret), "no secret in the audit log");
        recovery.forEach(c -> assertFalse(audit.contains(c), "no recovery code in the audit log"));

        // The phone is lost, and the recovery codes with it.
        problem(delete("/api/v1/admin/users/" + olga.id() + "/second-factor", null, token), 403);
        HttpResponse<String> removed = delete("/api/v1/admin/users/" + olga.id() + "/second-factor", null, admin);
        assertEquals(204, removed.statusCode(), removed.body());
        assertEquals("urn:fixmyquarter:problem:invalid-token", problem(get("/api/v1/auth/me", token), 401)
                .getString("type"), "the person's sessions ended");
        HttpResponse<String> plain = signIn(olga.email(), PASSWORD, null, null);
        assertEquals(200, plain.statusCode(), plain.body());
        assertFalse(json(get("/api/v1/auth/me", json(plain).getString("access_token"))).getBoolean("secondFactor"));
        String after = get("/api/v1/admin/audit?target=" + olga.id() + "&limit=200", admin).body();
        assertTrue(after.contains("user.second_factor_disabled") && after.contains("\"by\":\"administrator\""), after);
        assertEquals(204, delete("/api/v1/admin/users/" + olga.id() + "/second-factor", null, admin).statusCode(),
                "nothing left to remove");
        problem(delete("/api/v1/admin/users/no-such-user/second-factor", null, admin), 404);
    }

    @Test
    void theOwnerRemovesTheFactorWithThePasswordAndACode() {
        People.Person ana = People.citizen("Ana Second Factor", null, null);
        Enrolled enrolled = enrol(ana);

        problem(delete("/api/v1/auth/me/second-factor", "{\"password\":\"not the password\",\"recoveryCode\":\""
                + enrolled.recoveryCodes().get(0) + "\"}", ana.token()), 400);
        problem(delete("/api/v1/auth/me/second-factor", "{\"password\":\"" + PASSWORD + "\"}", ana.token()), 400);
        assertTrue(json(get("/api/v1/auth/me", ana.token())).getBoolean("secondFactor"));

        HttpResponse<String> removed = delete("/api/v1/auth/me/second-factor", "{\"password\":\"" + PASSWORD
                + "\",\"code\":\"" + Totp.code(enrolled.secret(), enrolled.step() + 1) + "\"}", ana.token());
        assertEquals(204, removed.statusCode(), removed.body());
        assertFalse(json(get("/api/v1/auth/me", ana.token())).getBoolean("secondFactor"));
        assertEquals(200, signIn(ana.email(), PASSWORD, null, null).statusCode(), "no code needed any more");
        String audit = get("/api/v1/admin/audit?target=" + ana.id() + "&limit=200", adminToken()).body();
        assertTrue(audit.contains("user.second_factor_disabled") && audit.contains("\"by\":\"self\""), audit);
    }
}
