package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.json.Json;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A city's own OpenID Connect provider (a real one, mock-oauth2-server, on port 9393): its tokens
 * are accepted through /auth/token-exchange, checked against its published keys, and its role
 * claim is mapped to our roles. Tokens of another issuer, for another audience, expired or
 * forged are refused.
 */
class OidcIT {

    private static final int PORT = Integer.getInteger("fmq.it.oidc-port", 9393);
    private static final String ISSUER = "http://localhost:" + PORT + "/city";
    private static final String AUDIENCE = "fixmyquarter-city";
    private static final String PASSWORD = "a long enough password";
    private static MockOAuth2Server provider;
    private static KeyProvider keys;

    @BeforeAll
    static void startProvider() {
        // ES256, as many providers sign: the server must follow the provider's key set, not assume RSA.
        keys = new KeyProvider(List.of(), "ES256");
        provider = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));
        provider.start(PORT);
        // Another test class's provider may have served this port with other keys under the same
        // key id: the server fetches the new set once fmq.auth.oidc.jwks-min-refresh (30 s) has passed.
        await(Duration.ofSeconds(45), () -> exchange(person("warm-up-" + UUID.randomUUID(), Map.of("email",
                "warm-up-" + UUID.randomUUID() + "@city.example"))).statusCode() == 200,
                () -> "the server accepts this provider's tokens");
    }

    /**
     * A token of the provider with exactly these claims, signed with the key it publishes for
     * "city": for what the mock server will not issue (no audience, an exp of the wrong type).
     */
    private static String signedByTheProvider(Map<String, Object> claims) throws Exception {
        com.nimbusds.jose.jwk.ECKey key = (com.nimbusds.jose.jwk.ECKey) keys.signingKey("city");
        com.nimbusds.jwt.JWTClaimsSet.Builder set = new com.nimbusds.jwt.JWTClaimsSet.Builder();
        claims.forEach(set::claim);
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(
                com.nimbusds.jose.JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), set.build());
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        return jwt.serialize();
    }

    private static String person(String subject, Map<String, Object> claims) {
        return provider.issueToken("city", subject, AUDIENCE, claims, 600).serialize();
    }

    private static String accountId(String apiToken) {
        return json(get("/api/v1/auth/me", apiToken)).getString("id");
    }

    private static String register(String email) {
        HttpResponse<String> created = postJson("/api/v1/auth/register", Json.createObjectBuilder().add("email", email)
                .add("password", PASSWORD).add("displayName", "Local Person").build().toString());
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("id");
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    private static String providerToken(String issuer, String audience, List<String> roles, long expiresIn) {
        String email = "staff-" + UUID.randomUUID() + "@city.example";
        return provider.issueToken(issuer, "subject-" + UUID.randomUUID(), audience, Map.of("email", email,
                "name", "City Staff", "realm_access", Map.of("roles", roles)), expiresIn).serialize();
    }

    private static HttpResponse<String> exchange(String token) {
        return postJson("/api/v1/auth/token-exchange",
                Json.createObjectBuilder().add("subject_token", token).build().toString());
    }

    @Test
    void aProviderOperatorMovesReportsWithTheExchangedToken() {
        HttpResponse<String> exchanged = exchange(providerToken("city", "fixmyquarter-city", List.of("city-operator"), 600));
        assertEquals(200, exchanged.statusCode(), exchanged.body());
        String token = json(exchanged).getString("access_token");

        assertEquals("City Staff", json(get("/api/v1/auth/me", token)).getString("displayName"));
        String report = createReport("Reported to the city", "pothole").getString("id");
        HttpResponse<String> moved = postJson("/api/v1/reports/" + report + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"Via the city's sign-in\"}", token);
        assertEquals(200, moved.statusCode(), moved.body());
    }

    @Test
    void theProviderSignsWithES256() {
        String token = providerToken("city", "fixmyquarter-city", List.of("employee"), 600);
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("ES256", Json.createReader(new java.io.StringReader(header)).readObject().getString("alg"));
        assertEquals(200, exchange(token).statusCode());
    }

    @Test
    void aProviderUserWithoutStaffRolesIsACitizen() {
        String token = json(exchange(providerToken("city", "fixmyquarter-city", List.of("employee"), 600)))
                .getString("access_token");
        String report = createReport("Citizen via the provider", "pothole").getString("id");
        assertEquals(403, postJson("/api/v1/reports/" + report + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"x\"}", token).statusCode());
    }

    @Test
    void tokensTheDeploymentMustNotTrustAreRefused() {
        problem(exchange(providerToken("another-realm", "fixmyquarter-city", List.of("city-operator"), 600)), 401);
        problem(exchange(providerToken("city", "another-app", List.of("city-operator"), 600)), 401);
        problem(exchange(providerToken("city", "fixmyquarter-city", List.of("city-operator"), -600)), 401);
        String good = providerToken("city", "fixmyquarter-city", List.of("city-operator"), 600);
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        problem(exchange(tampered), 401);
        problem(exchange("not-a-token"), 401);
    }

    @Test
    void aProviderTokenWithTheAddressOfALocalAccountDoesNotSignInToIt() {
        String admin = System.getProperty("fmq.it.admin-email", "admin@it.example");
        for (boolean verified : List.of(false, true)) {
            HttpResponse<String> refused = exchange(person("attacker-" + UUID.randomUUID(), Map.of("email", admin,
                    "email_verified", verified, "name", "Not the admin", "realm_access",
                    Map.of("roles", List.of("employee")))));
            assertNotEquals(200, refused.statusCode(), refused.body());
            assertEquals("urn:fixmyquarter:problem:" + (verified ? "account-exists" : "validation"),
                    problem(refused, verified ? 409 : 400).getString("type"), refused.body());
        }
    }

    @Test
    void anUnverifiedAddressMakesNoAccount() {
        String email = "unverified-" + UUID.randomUUID() + "@city.example";
        problem(exchange(person("someone-" + UUID.randomUUID(), Map.of("email", email, "email_verified", false))), 400);
        // The address is still free for its owner.
        register(email);
    }

    @Test
    void aLocalAccountLinksTheProviderWithItsPasswordAndKeepsItAfterTheAddressChanges() {
        String email = "linked-" + UUID.randomUUID() + "@city.example";
        String local = register(email);
        String subject = "linked-" + UUID.randomUUID();
        problem(exchange(person(subject, Map.of("email", email))), 409);

        String signedIn = login(email, PASSWORD);
        HttpResponse<String> wrongPassword = postJson("/api/v1/auth/me/identities", Json.createObjectBuilder()
                .add("subject_token", person(subject, Map.of("email", email))).add("password", "not the password")
                .build().toString(), signedIn);
        problem(wrongPassword, 400);
        HttpResponse<String> linked = postJson("/api/v1/auth/me/identities", Json.createObjectBuilder()
                .add("subject_token", person(subject, Map.of("email", email))).add("password", PASSWORD)
                .build().toString(), signedIn);
        assertEquals(201, linked.statusCode(), linked.body());
        assertEquals(subject, json(get("/api/v1/auth/me/identities", signedIn)).getJsonArray("items")
                .getJsonObject(0).getString("subject"));

        // The provider now gives another address, even one of another account: the link decides.
        String other = "other-" + UUID.randomUUID() + "@city.example";
        register(other);
        HttpResponse<String> again = exchange(person(subject, Map.of("email", other)));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(local, accountId(json(again).getString("access_token")));

        // Nobody else links that identity to their account.
        String someoneElse = "else-" + UUID.randomUUID() + "@city.example";
        register(someoneElse);
        problem(postJson("/api/v1/auth/me/identities", Json.createObjectBuilder()
                .add("subject_token", person(subject, Map.of("email", someoneElse))).add("password", PASSWORD)
                .build().toString(), login(someoneElse, PASSWORD)), 409);
    }

    @Test
    void aNewProviderUserKeepsTheirAccountWhenTheProviderChangesTheirAddress() {
        String subject = "mover-" + UUID.randomUUID();
        String first = json(exchange(person(subject, Map.of("email", "mover-" + UUID.randomUUID() + "@city.example"))))
                .getString("access_token");
        String second = json(exchange(person(subject, Map.of("email", "moved-" + UUID.randomUUID() + "@city.example"))))
                .getString("access_token");
        assertEquals(accountId(first), accountId(second));
    }

    @Test
    void providerGroupsNamedLikeOurRolesGrantNothingWithoutTheMapping() {
        String token = json(exchange(person("groups-" + UUID.randomUUID(), Map.of("email", "groups-" + UUID.randomUUID()
                + "@city.example", "realm_access", Map.of("roles", List.of("administrator", "Operator", "moderator"))))))
                .getString("access_token");
        assertEquals(403, get("/api/v1/admin/plugins", token).statusCode());
        String report = createReport("Groups are not roles", "pothole").getString("id");
        assertEquals(403, postJson("/api/v1/reports/" + report + "/status",
                "{\"status\":\"in_progress\",\"reason\":\"x\"}", token).statusCode());
        assertEquals(List.of("citizen"), json(get("/api/v1/auth/me", token)).getJsonArray("roles").stream()
                .map(r -> r.asJsonObject().getString("role")).toList());
    }

    @Test
    void aProviderUserWithoutANameIsNotShownByTheirAddress() {
        String local = "jane.doe." + UUID.randomUUID().toString().substring(0, 8);
        String token = json(exchange(person("nameless-" + UUID.randomUUID(), Map.of("email", local + "@city.example"))))
                .getString("access_token");
        String name = json(get("/api/v1/auth/me", token)).getString("displayName");
        assertFalse(name.contains("@") || name.contains("jane") || name.contains(local), name);
        HttpResponse<String> created = postJson("/api/v1/reports",
                "{\"title\":\"Nameless\",\"category\":\"pothole\",\"location\":{\"lat\":45.75,\"lon\":4.83}}", token);
        assertEquals(201, created.statusCode(), created.body());
        String shown = get("/api/v1/reports/" + json(created).getString("id")).body();
        assertFalse(shown.contains("@city.example") || shown.contains("jane"), shown);
    }

    @Test
    void aTokenWithoutAudienceOrWithATextExpiryIsRefused() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> base = Map.of("iss", ISSUER, "sub", "odd-" + UUID.randomUUID(), "iat", now,
                "email", "odd-" + UUID.randomUUID() + "@city.example");
        Map<String, Object> noAudience = new java.util.HashMap<>(base);
        noAudience.put("exp", now + 600);
        problem(exchange(signedByTheProvider(noAudience)), 401);

        Map<String, Object> textExpiry = new java.util.HashMap<>(base);
        textExpiry.put("aud", AUDIENCE);
        textExpiry.put("exp", String.valueOf(now + 600));
        assertEquals("urn:fixmyquarter:problem:invalid-subject-token",
                problem(exchange(signedByTheProvider(textExpiry)), 401).getString("type"));

        // The same claims with a numeric expiry are accepted: the refusals above are about aud and exp.
        Map<String, Object> good = new java.util.HashMap<>(textExpiry);
        good.put("exp", now + 600);
        assertEquals(200, exchange(signedByTheProvider(good)).statusCode());
    }
}
