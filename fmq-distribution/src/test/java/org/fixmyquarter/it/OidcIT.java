package org.fixmyquarter.it;

import static org.fixmyquarter.it.ProblemResponsesIT.problem;
import static org.fixmyquarter.it.support.Api.createReport;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
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
    private static MockOAuth2Server provider;

    @BeforeAll
    static void startProvider() {
        // ES256, as many providers sign: the server must follow the provider's key set, not assume RSA.
        provider = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(new KeyProvider(List.of(), "ES256"))));
        provider.start(PORT);
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
}
