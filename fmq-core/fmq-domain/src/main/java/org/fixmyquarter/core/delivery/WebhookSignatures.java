package org.fixmyquarter.core.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets and signatures the Standard Webhooks way: a secret is {@code whsec_} and the
 * base64 of random bytes; a signature is {@code v1,} and the base64 of the HMAC-SHA256, keyed
 * with the secret's decoded bytes, of {@code <webhook-id>.<webhook-timestamp>.<body>}.
 */
public final class WebhookSignatures {

    /** What every secret starts with. */
    public static final String SECRET_PREFIX = "whsec_";

    /** Random bytes per secret: Standard Webhooks asks for 24 to 64. */
    static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignatures() {
    }

    /** @return a new secret, {@code whsec_<base64 of 32 random bytes>} */
    public static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * @param secret    a {@code whsec_} secret
     * @param messageId the {@code webhook-id} header
     * @param timestamp the {@code webhook-timestamp} header, in unix seconds
     * @param body      the exact body sent
     * @return {@code v1,<base64 signature>}
     */
    public static String sign(String secret, String messageId, long timestamp, String body) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
            byte[] signature = mac.doFinal((messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * The {@code webhook-signature} header: one signature per secret, separated by spaces, so that
     * a receiver still holding the previous secret during a rotation's grace period verifies too.
     *
     * @param secrets   the secrets to sign with, the current one first
     * @param messageId the {@code webhook-id} header
     * @param timestamp the {@code webhook-timestamp} header, in unix seconds
     * @param body      the exact body sent
     * @return the header's value
     */
    public static String header(List<String> secrets, String messageId, long timestamp, String body) {
        StringJoiner header = new StringJoiner(" ");
        for (String secret : secrets) {
            header.add(sign(secret, messageId, timestamp, body));
        }
        return header.toString();
    }
}
