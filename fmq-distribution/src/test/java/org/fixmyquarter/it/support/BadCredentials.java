package org.fixmyquarter.it.support;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;

/**
 * {@code Authorization} headers that must never be taken for a signed-in person, each made the
 * way an attacker or a stale client would: every one claims to be the first administrator, and
 * those that need the server's own key to be otherwise valid (expired, not yet valid, another
 * issuer, another audience) are signed with it, so only the broken claim is wrong.
 */
public final class BadCredentials {

    private BadCredentials() {
    }

    /**
     * @return header values by a short name of what is wrong with them
     */
    public static Map<String, String> all() {
        String good = Api.adminToken();
        JsonObject goodHeader = part(good, 0);
        JsonObject goodClaims = part(good, 1);
        Map<String, String> bad = new LinkedHashMap<>();
        try {
            RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
            bad.put("forged signature", "Bearer " + sign(claims(goodClaims, c -> { }), stranger.getPrivateKey(),
                    AlgorithmIdentifiers.RSA_USING_SHA256, goodHeader.getString("kid")));

            String[] parts = good.split("\\.");
            bad.put("alg none", "Bearer " + base64(Json.createObjectBuilder().add("alg", "none").add("typ", "JWT")
                    .build().toString()) + "." + parts[1] + ".");

            JsonObject jwk = Api.json(Api.get("/api/v1/auth/jwks")).getJsonArray("keys").getJsonObject(0);
            RsaJsonWebKey published = (RsaJsonWebKey) JsonWebKey.Factory.newJwk(jwk.toString());
            JsonWebSignature hmac = new JsonWebSignature();
            hmac.setPayload(claims(goodClaims, c -> { }).toJson());
            hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            hmac.setKeyIdHeaderValue(goodHeader.getString("kid"));
            hmac.setKey(new HmacKey(published.getPublicKey().getEncoded()));
            hmac.setDoKeyValidation(false);
            bad.put("HS256 keyed with the public key", "Bearer " + hmac.getCompactSerialization());

            PrivateKey serverKey = serverKey();
            long now = Instant.now().getEpochSecond();
            bad.put("expired", "Bearer " + sign(claims(goodClaims, c -> {
                c.setIssuedAt(NumericDate.fromSeconds(now - 7200));
                c.setExpirationTime(NumericDate.fromSeconds(now - 3600));
            }), serverKey, AlgorithmIdentifiers.RSA_USING_SHA256, goodHeader.getString("kid")));
            bad.put("not yet valid", "Bearer " + sign(claims(goodClaims, c -> {
                c.setNotBefore(NumericDate.fromSeconds(now + 3600));
                c.setExpirationTime(NumericDate.fromSeconds(now + 7200));
            }), serverKey, AlgorithmIdentifiers.RSA_USING_SHA256, goodHeader.getString("kid")));
            bad.put("other issuer", "Bearer " + sign(claims(goodClaims, c -> c.setIssuer("https://evil.example")),
                    serverKey, AlgorithmIdentifiers.RSA_USING_SHA256, goodHeader.getString("kid")));
            bad.put("other audience", "Bearer " + sign(claims(goodClaims, c -> c.setAudience("another-app")),
                    serverKey, AlgorithmIdentifiers.RSA_USING_SHA256, goodHeader.getString("kid")));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot make the bad tokens: " + e, e);
        }
        bad.put("truncated", "Bearer " + good.substring(0, good.length() / 2));
        bad.put("garbage", "Bearer !!not*a*token??");
        bad.put("empty bearer", "Bearer ");
        bad.put("Basic credentials", "Basic " + Base64.getEncoder().encodeToString((System.getProperty(
                "fmq.it.admin-email", "admin@it.example") + ":" + System.getProperty("fmq.it.admin-password",
                "it-admin-password")).getBytes(StandardCharsets.UTF_8)));
        return bad;
    }

    private static JwtClaims claims(JsonObject template, Consumer<JwtClaims> change) throws Exception {
        JwtClaims claims = JwtClaims.parse(template.toString());
        change.accept(claims);
        return claims;
    }

    private static String sign(JwtClaims claims, java.security.Key key, String algorithm, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", "JWT");
        jws.setKey(key);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        return jws.getCompactSerialization();
    }

    /** The server's signing key, from the file it generated at its first start. */
    private static PrivateKey serverKey() throws Exception {
        String path = System.getProperty("fmq.it.signing-key");
        if (path == null) {
            throw new IllegalStateException("fmq.it.signing-key names no key file");
        }
        String pem = Files.readString(Path.of(path), StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private static JsonObject part(String token, int index) {
        return Json.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]),
                StandardCharsets.UTF_8))).readObject();
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
