package org.fixmyquarter.api.security;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.http.JsonBody;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies the ID or access tokens of a city's own OpenID Connect provider (Keycloak, Azure AD,
 * Auth0...): the signature, in whichever of RS256, PS256 or ES256 (or their 384 and 512
 * variants) the provider's key set says, issuer, audience, and expiry with a clock skew.
 * Switched on by {@code fmq.auth.oidc.issuer}.
 *
 * <p>The key set (from the discovery document, or {@code fmq.auth.oidc.jwks-uri}) is cached for
 * {@code fmq.auth.oidc.jwks-cache}; a token naming a key id the set lacks makes it fetch the set
 * again (the provider rotated its keys), but at most once per {@code fmq.auth.oidc.jwks-min-refresh},
 * so tokens with made-up key ids cannot make the server hammer the provider.
 */
@ApplicationScoped
public class ExternalTokens {

    private static final int CLOCK_SKEW_SECONDS = 60;

    /** What a provider may sign with; never {@code none} or an HMAC, whose key would be public. */
    private static final AlgorithmConstraints ALGORITHMS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512);

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

    @Inject
    @ConfigProperty(name = "fmq.auth.oidc.jwks-cache", defaultValue = "PT1H")
    private Duration cacheFor;

    @Inject
    @ConfigProperty(name = "fmq.auth.oidc.jwks-min-refresh", defaultValue = "PT30S")
    private Duration minRefresh;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ProviderKeys keys = new ProviderKeys();

    /** For CDI, which sets the fields from configuration. */
    public ExternalTokens() {
    }

    /**
     * A verifier configured directly, for tests and programs without CDI.
     *
     * @param clock      the time tokens are checked at
     * @param issuer     the provider's issuer URL
     * @param jwksUri    its key set's URL, or {@code null} to read it from the discovery document
     * @param audience   the audience tokens must name; {@code null} refuses every token
     * @param cacheFor   how long a fetched key set is used
     * @param minRefresh the least time between two fetches for unknown key ids
     */
    ExternalTokens(Clock clock, String issuer, String jwksUri, String audience, Duration cacheFor, Duration minRefresh) {
        this.clock = clock;
        this.issuer = Optional.of(issuer);
        this.jwksUri = Optional.ofNullable(jwksUri);
        this.audience = Optional.ofNullable(audience);
        this.cacheFor = cacheFor;
        this.minRefresh = minRefresh;
    }

    /** The provider rejected or could not check the token; the message says why. */
    public static final class InvalidTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidTokenException(String message) {
            super(message);
        }
    }

    /**
     * The provider is set up so that the server must not trust its tokens: thrown instead of
     * verifying any; the message names the setting to fix.
     */
    public static final class MisconfiguredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MisconfiguredException(String message) {
            super(message);
        }
    }

    /**
     * Without an audience a token the provider issued to any other application of the city (or
     * to an attacker's own client registered there) would sign in here as well.
     *
     * @return what is wrong with the provider settings, if the provider is enabled and something is
     */
    public Optional<String> misconfiguration() {
        if (enabled() && audience.filter(a -> !a.isBlank()).isEmpty()) {
            return Optional.of("fmq.auth.oidc.issuer is set but fmq.auth.oidc.audience is not: set it to the client "
                    + "id the identity provider puts in the tokens meant for this deployment (its aud claim)");
        }
        return Optional.empty();
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
     * @throws MisconfiguredException  if the settings do not allow trusting any token
     */
    public JsonObject verify(String token) throws InvalidTokenException {
        misconfiguration().ifPresent(problem -> {
            throw new MisconfiguredException(problem);
        });
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("not a signed JWT");
        }
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setExpectedIssuer(issuer.orElseThrow())
                .setVerificationKeyResolver(keys)
                .setJwsAlgorithmConstraints(ALGORITHMS)
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()));
        builder.setExpectedAudience(audience.orElseThrow());
        JwtClaims claims;
        try {
            claims = builder.build().processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(reason(e));
        } catch (RuntimeException e) {
            // A claim of the wrong JSON type (an exp sent as a string) is the sender's error, not ours.
            throw new InvalidTokenException("not a valid signed JWT of the provider");
        }
        try (JsonReader reader = JsonBody.JSON.createReader(new StringReader(claims.toJson()))) {
            return reader.readObject();
        }
    }

    /** A short reason, without echoing the token. */
    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "expired";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) {
            return "issued by another provider than the configured one";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
                || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "not meant for this deployment (audience)";
        }
        if (e.hasErrorCode(ErrorCodes.SUBJECT_MISSING)) {
            return "it names no subject (sub)";
        }
        if (e.hasErrorCode(ErrorCodes.MALFORMED_CLAIM)) {
            return "not a valid signed JWT of the provider: a claim has the wrong type";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "not valid yet";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "the signature does not match the provider's key";
        }
        Throwable cause = e.getCause();
        if (cause instanceof UnresolvableKeyException) {
            return cause.getMessage();
        }
        return "not a valid signed JWT of the provider";
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

    /**
     * The provider's key set, fetched on first use, kept for {@code jwks-cache}, fetched again
     * for an unknown key id at most once per {@code jwks-min-refresh}.
     */
    private final class ProviderKeys implements VerificationKeyResolver {
        private List<JsonWebKey> current;
        private long fetchedAt;
        private long lastAttempt = Long.MIN_VALUE;

        @Override
        public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
            JsonWebKey key = select(jws, keysForNow());
            if (key == null && refreshAllowed()) {
                key = select(jws, refresh());
            }
            if (key == null) {
                throw new UnresolvableKeyException("signed with a key the provider's key set does not have ('"
                        + jws.getKeyIdHeaderValue() + "')");
            }
            return key.getKey();
        }

        private JsonWebKey select(JsonWebSignature jws, List<JsonWebKey> candidates) throws UnresolvableKeyException {
            try {
                return candidates.isEmpty() ? null : new VerificationJwkSelector().select(jws, candidates);
            } catch (JoseException e) {
                throw new UnresolvableKeyException("no key of the provider fits the token", e);
            }
        }

        private synchronized List<JsonWebKey> keysForNow() throws UnresolvableKeyException {
            if (current == null || clock.millis() - fetchedAt > cacheFor.toMillis()) {
                if (current == null || refreshAllowed()) {
                    return refresh();
                }
            }
            return current;
        }

        private synchronized boolean refreshAllowed() {
            return lastAttempt == Long.MIN_VALUE || clock.millis() - lastAttempt >= minRefresh.toMillis();
        }

        /** Fetches the set; when the provider cannot be reached, the last good set stays in use. */
        private synchronized List<JsonWebKey> refresh() throws UnresolvableKeyException {
            lastAttempt = clock.millis();
            try {
                String uri = jwksUri.filter(u -> !u.isBlank()).orElse(null);
                if (uri == null) {
                    String base = issuer.orElseThrow().endsWith("/") ? issuer.get() : issuer.get() + "/";
                    uri = get(base + ".well-known/openid-configuration").getString("jwks_uri");
                }
                current = new JsonWebKeySet(get(uri).toString()).getJsonWebKeys();
                fetchedAt = lastAttempt;
                return current;
            } catch (IOException | JoseException | RuntimeException e) {
                if (current != null) {
                    return current;
                }
                throw new UnresolvableKeyException("the provider's keys cannot be read: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnresolvableKeyException("interrupted while reading the provider's keys");
            }
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
}
