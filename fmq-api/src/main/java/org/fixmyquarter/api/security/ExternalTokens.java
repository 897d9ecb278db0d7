package org.fixmyquarter.api.security;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.http.JsonBody;

/**
 * Verifies the ID or access tokens of a city's own OpenID Connect provider (Keycloak, Azure AD):
 * RS256 signature against the provider's key set (from its discovery document, refreshed when a
 * new key id appears), issuer, audience, and expiry with a clock skew. Switched on by
 * {@code fmq.auth.oidc.issuer}.
 */
@ApplicationScoped
public class ExternalTokens {

    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final Duration REFRESH_AT_MOST_EVERY = Duration.ofSeconds(30);

    @Inject
    private Clock clock;

    @Inject
    @ConfigProperty(name = "fmq.auth.oidc.issuer")
    private Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "fmq.auth.oidc.jwks-uri")
    private Optional<String> jwksUri;

    @Inject
    @ConfigProperty(name = "fmq.auth.oidc.audience")
    private Optional<String> audience;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private volatile long lastFetch;

    /** The provider rejected or could not check the token; the message says why. */
    public static final class InvalidTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidTokenException(String message) {
            super(message);
        }
    }

    /**
     * @return whether a provider is configured
     */
    public boolean enabled() {
        return issuer.filter(i -> !i.isBlank()).isPresent();
    }

    /**
     * @param token a compact JWS from the provider
     * @return its claims, once signature, issuer, audience and times are checked
     * @throws InvalidTokenException saying what is wrong with it
     */
    public JsonObject verify(String token) throws InvalidTokenException {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3) {
            throw new InvalidTokenException("not a signed JWT");
        }
        JsonObject header = parse(parts[0]);
        JsonObject claims = parse(parts[1]);
        if (!"RS256".equals(header.getString("alg", ""))) {
            throw new InvalidTokenException("only RS256 tokens are accepted");
        }
        PublicKey key = key(header.getString("kid", ""));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw new InvalidTokenException("the signature does not match the provider's key");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidTokenException("the signature cannot be checked: " + e.getMessage());
        }
        if (!issuer.get().equals(claims.getString("iss", ""))) {
            throw new InvalidTokenException("issued by '" + claims.getString("iss", "") + "', not the configured provider");
        }
        long now = clock.instant().getEpochSecond();
        if (!claims.containsKey("exp") || claims.getJsonNumber("exp").longValue() < now - SKEW.toSeconds()) {
            throw new InvalidTokenException("expired");
        }
        if (claims.containsKey("nbf") && claims.getJsonNumber("nbf").longValue() > now + SKEW.toSeconds()) {
            throw new InvalidTokenException("not valid yet");
        }
        if (audience.filter(a -> !a.isBlank()).isPresent() && !strings(claims, "aud").contains(audience.get())) {
            throw new InvalidTokenException("not meant for this deployment (audience)");
        }
        return claims;
    }

    /**
     * @param claims verified claims
     * @param path   a claim name, or a dotted path into nested objects such as {@code realm_access.roles}
     * @return the strings found there: an array's, or a single string
     */
    public static List<String> strings(JsonObject claims, String path) {
        JsonValue value = claims;
        for (String step : path.split("\\.")) {
            if (!(value instanceof JsonObject) || !((JsonObject) value).containsKey(step)) {
                return List.of();
            }
            value = ((JsonObject) value).get(step);
        }
        List<String> result = new ArrayList<>();
        if (value instanceof JsonString) {
            result.add(((JsonString) value).getString());
        } else if (value instanceof JsonArray) {
            for (JsonValue item : (JsonArray) value) {
                if (item instanceof JsonString) {
                    result.add(((JsonString) item).getString());
                }
            }
        }
        return result;
    }

    private PublicKey key(String kid) throws InvalidTokenException {
        PublicKey key = keys.get(kid);
        if (key == null && System.currentTimeMillis() - lastFetch > REFRESH_AT_MOST_EVERY.toMillis()) {
            fetchKeys();
            key = keys.get(kid);
        }
        if (key == null) {
            throw new InvalidTokenException("signed with an unknown key '" + kid + "'");
        }
        return key;
    }

    private synchronized void fetchKeys() throws InvalidTokenException {
        lastFetch = System.currentTimeMillis();
        try {
            String uri = jwksUri.filter(u -> !u.isBlank()).orElse(null);
            if (uri == null) {
                String base = issuer.get().endsWith("/") ? issuer.get() : issuer.get() + "/";
                uri = get(base + ".well-known/openid-configuration").getString("jwks_uri");
            }
            for (JsonValue value : get(uri).getJsonArray("keys")) {
                JsonObject jwk = value.asJsonObject();
                if ("RSA".equals(jwk.getString("kty", "")) && !"enc".equals(jwk.getString("use", "sig"))) {
                    keys.put(jwk.getString("kid", ""), KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                            number(jwk.getString("n")), number(jwk.getString("e")))));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new InvalidTokenException("the provider's keys cannot be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidTokenException("interrupted while reading the provider's keys");
        }
    }

    private JsonObject get(String uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        try (JsonReader reader = JsonBody.JSON.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static JsonObject parse(String part) throws InvalidTokenException {
        try (JsonReader reader = JsonBody.JSON.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new InvalidTokenException("not a JWT: " + e.getMessage());
        }
    }

    private static BigInteger number(String base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64url));
    }
}
