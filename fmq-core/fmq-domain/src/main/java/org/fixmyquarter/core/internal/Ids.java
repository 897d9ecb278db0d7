package org.fixmyquarter.core.internal;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque identifiers: 128 random bits, URL-safe, so that ids reveal neither volume nor order and
 * cannot be guessed.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {
    }

    /**
     * @return a new 22-character identifier of letters, digits, {@code -} and {@code _}
     */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
