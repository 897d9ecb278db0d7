package org.fixmyquarter.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A provider's tokens against its key set, served over HTTP by a real server that counts the
 * fetches: every signature algorithm a provider may use, the claims that must hold, and no
 * fetch storm from made-up key ids.
 */
class ExternalTokensTest {

    private static final String ISSUER = "https://id.city.example/realms/city";
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private HttpServer provider;
    private final AtomicInteger fetches = new AtomicInteger();
    private PublicJsonWebKey rsa;
    private PublicJsonWebKey ec;
    private ExternalTokens tokens;

    @BeforeEach
    void startProvider() throws Exception {
        rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("rsa-1");
        ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId("ec-1");
        String jwks = new JsonWebKeySet(rsa, ec).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        tokens = verifier(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private ExternalTokens verifier(Clock clock) {
        return new ExternalTokens(clock, ISSUER, "http://127.0.0.1:" + provider.getAddress().getPort() + "/jwks",
                "fixmyquarter-city", Duration.ofHours(1), Duration.ofSeconds(30));
    }

    @AfterEach
    void stopProvider() {
        provider.stop(0);
    }

    private static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("fixmyquarter-city");
        claims.setSubject("subject-" + UUID.randomUUID());
        claims.setClaim("email", "staff@city.example");
        claims.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.plusSeconds(600).getEpochSecond()));
        return claims;
    }

    private static String sign(JwtClaims claims, PublicJsonWebKey key, String algorithm) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setKey(key.getPrivateKey());
        return jws.getCompactSerialization();
    }

    @ParameterizedTest
    @ValueSource(strings = {AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256})
    void acceptsTheAlgorithmsOfTheProvidersKeySet(String algorithm) throws Exception {
        PublicJsonWebKey key = algorithm.startsWith("ES") ? ec : rsa;
        assertEquals("staff@city.example", tokens.verify(sign(claims(), key, algorithm)).getString("email"));
    }

    @Test
    void refusesWhatTheProviderDidNotSignForThisDeployment() throws Exception {
        JwtClaims foreign = claims();
        foreign.setIssuer("https://elsewhere.example");
        assertRefused(sign(foreign, ec, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256), "another provider");

        JwtClaims otherApp = claims();
        otherApp.setAudience("another-app");
        assertRefused(sign(otherApp, ec, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256), "audience");

        JwtClaims old = claims();
        old.setExpirationTime(NumericDate.fromSeconds(NOW.minusSeconds(600).getEpochSecond()));
        assertRefused(sign(old, rsa, AlgorithmIdentifiers.RSA_USING_SHA256), "expired");

        JwtClaims early = claims();
        early.setNotBefore(NumericDate.fromSeconds(NOW.plusSeconds(600).getEpochSecond()));
        assertRefused(sign(early, rsa, AlgorithmIdentifiers.RSA_USING_SHA256), "not valid yet");

        PublicJsonWebKey stranger = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        stranger.setKeyId("ec-1");
        assertRefused(sign(claims(), stranger, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256), "signature");
    }

    @Test
    void malformedTimesAndMissingSubjectsAreRefusedNotCrashed() throws Exception {
        JwtClaims textExpiry = claims();
        textExpiry.setClaim("exp", String.valueOf(NOW.plusSeconds(600).getEpochSecond()));
        assertRefused(sign(textExpiry, ec, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256), "not a valid");

        JwtClaims anonymous = claims();
        anonymous.unsetClaim("sub");
        assertRefused(sign(anonymous, ec, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256), "subject");
    }

    @Test
    void aProviderWithoutAnAudienceSettingAcceptsNoToken() throws Exception {
        ExternalTokens unbounded = new ExternalTokens(Clock.fixed(NOW, ZoneOffset.UTC), ISSUER,
                "http://127.0.0.1:" + provider.getAddress().getPort() + "/jwks", null, Duration.ofHours(1),
                Duration.ofSeconds(30));
        assertTrue(unbounded.misconfiguration().orElseThrow().contains("fmq.auth.oidc.audience"));
        assertThrows(ExternalTokens.MisconfiguredException.class,
                () -> unbounded.verify(sign(claims(), ec, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)));
        assertTrue(tokens.misconfiguration().isEmpty());
    }

    @Test
    void refusesUnsignedAndHmacTokens() throws Exception {
        JsonWebSignature none = new JsonWebSignature();
        none.setPayload(claims().toJson());
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        assertRefused(none.getCompactSerialization(), "");

        // The classic key confusion: HMAC keyed with the provider's public key.
        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(claims().toJson());
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKeyIdHeaderValue("rsa-1");
        hmac.setKey(new HmacKey(rsa.getPublicKey().getEncoded()));
        hmac.setDoKeyValidation(false);
        assertRefused(hmac.getCompactSerialization(), "");

        assertRefused("garbage", "");
        assertRefused("a.b.c", "");
    }

    @Test
    void madeUpKeyIdsDoNotMakeTheServerHammerTheProvider() throws Exception {
        tokens.verify(sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256));
        assertEquals(1, fetches.get());
        for (int i = 0; i < 50; i++) {
            PublicJsonWebKey random = RsaJwkGenerator.generateJwk(2048);
            random.setKeyId(UUID.randomUUID().toString());
            assertRefused(sign(claims(), random, AlgorithmIdentifiers.RSA_USING_SHA256), "key");
        }
        assertTrue(fetches.get() <= 2, "fetched the key set " + fetches.get() + " times for 50 unknown key ids");
    }

    @Test
    void aRotatedKeyIsFetchedOnceTheMinimumIntervalHasPassed() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        ExternalTokens rotating = verifier(clock);
        rotating.verify(sign(claims(), rsa, AlgorithmIdentifiers.RSA_USING_SHA256));
        PublicJsonWebKey unknown = RsaJwkGenerator.generateJwk(2048);
        unknown.setKeyId("not-published");
        assertThrows(ExternalTokens.InvalidTokenException.class,
                () -> rotating.verify(sign(claims(), unknown, AlgorithmIdentifiers.RSA_USING_SHA256)));
        int before = fetches.get();
        clock.now = NOW.plusSeconds(31);
        JwtClaims later = claims();
        later.setExpirationTime(NumericDate.fromSeconds(NOW.plusSeconds(900).getEpochSecond()));
        assertThrows(ExternalTokens.InvalidTokenException.class,
                () -> rotating.verify(sign(later, unknown, AlgorithmIdentifiers.RSA_USING_SHA256)));
        assertEquals(before + 1, fetches.get(), "an unknown key id after the interval fetches the set again");
    }

    private void assertRefused(String token, String reasonContains) {
        ExternalTokens.InvalidTokenException refused = assertThrows(ExternalTokens.InvalidTokenException.class,
                () -> tokens.verify(token));
        assertTrue(refused.getMessage().contains(reasonContains), refused.getMessage());
    }

    /** A clock a test moves. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
