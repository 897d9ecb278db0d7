package org.fixmyquarter.core.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) with HMAC-SHA1, the algorithm every authenticator
 * app supports: the code of a time step is the HOTP (RFC 4226) of the step number.
 */
public final class Totp {

    /** Seconds per time step. */
    public static final int PERIOD = 30;
    /** Digits of a code. */
    public static final int DIGITS = 6;

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {
    }

    /**
     * @param at an instant
     * @return its time step: whole periods since the Unix epoch
     */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), PERIOD);
    }

    /**
     * @param key    the shared secret
     * @param step   the time step
     * @param digits how many digits, 1 to 8
     * @return the code, zero-padded to {@code digits}
     */
    public static String code(byte[] key, long step, int digits) {
        if (digits < 1 || digits > 8) {
            throw new IllegalArgumentException("digits: " + digits);
        }
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
        int offset = hash[hash.length - 1] & 0xf;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }
}
