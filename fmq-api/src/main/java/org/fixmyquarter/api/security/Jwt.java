package org.fixmyquarter.api.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;

import jakarta.json.JsonObject;

/**
 * Compact JWS with RS256 (RFC 7515, 7518): what the server's own tokens are. Verification is
 * MicroProfile JWT's job.
 */
final class Jwt {

    private Jwt() {
    }

    static String sign(JsonObject header, JsonObject claims, RSAPrivateKey key) {
        String signingInput = base64url(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + base64url(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
