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
     * @return a new 22-character identifier of letters, digits, {@code -} and {@code _}, starting
     *         with a letter or a digit
     */
    public static String newId() {
        byte[] bytes = new byte[16];
        String id;
        do {
            RANDOM.nextBytes(bytes);
            id = ENCODER.encodeToString(bytes);
            // An id starting with '-' reads as an option on a command line and as a formula in a
            // spreadsheet (so CSV exports must quote it); one in 32 draws is redrawn.
        } while (id.charAt(0) == '-' || id.charAt(0) == '_');
        return id;
    }
}
