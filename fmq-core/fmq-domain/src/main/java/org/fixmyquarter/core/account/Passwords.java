package org.fixmyquarter.core.account;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with PBKDF2-HMAC-SHA256 from the JDK: a random 16-byte salt per password and a
 * work factor stored with each hash ({@code pbkdf2-sha256$<iterations>$<salt>$<hash>}), so the
 * factor can be raised later and old hashes upgraded at the next sign-in. Passwords are hashed
 * in their Unicode NFKC form ({@link PasswordPolicy#normalize(char[])}).
 */
public final class Passwords {

    /** The OWASP recommendation for PBKDF2-HMAC-SHA256 (2023). */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    /** Checked against when the account does not exist, so that timing does not tell. */
    private final String decoy;

    /**
     * @param iterations the work factor for new hashes, at least 100,000 outside tests
     */
    public Passwords(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
        this.decoy = hash("decoy password, never valid".toCharArray());
    }

    /**
     * @param password the password
     * @return its salted hash, to store
     */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        char[] normalized = PasswordPolicy.normalize(password);
        try {
            return PREFIX + "$" + iterations + "$" + encode(salt) + "$" + encode(derive(normalized, salt, iterations));
        } finally {
            wipe(normalized);
        }
    }

    /**
     * Compares in constant time. A {@code null} or malformed stored hash never matches, but costs
     * the same time as a real check.
     *
     * @param password the password given
     * @param stored   the stored hash, or {@code null} for an unknown account
     * @return whether they match
     */
    public boolean verify(char[] password, String stored) {
        String[] parts = (stored == null ? decoy : stored).split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            verify(password, decoy);
            return false;
        }
        int rounds;
        try {
            rounds = Integer.parseInt(parts[1]);
            if (rounds < 1 || rounds > 10_000_000) {
                throw new NumberFormatException("out of range");
            }
        } catch (NumberFormatException e) {
            verify(password, decoy);
            return false;
        }
        byte[] expected;
        byte[] salt;
        try {
            expected = Base64.getDecoder().decode(parts[3]);
            salt = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            verify(password, decoy);
            return false;
        }
        char[] normalized = PasswordPolicy.normalize(password);
        try {
            boolean matches = MessageDigest.isEqual(expected, derive(normalized, salt, rounds));
            if (!matches && !Arrays.equals(normalized, password)) {
                // A hash made before passwords were normalized: the password as it was typed then.
                matches = MessageDigest.isEqual(expected, derive(password, salt, rounds));
            }
            return matches && stored != null;
        } finally {
            wipe(normalized);
        }
    }

    /**
     * @param stored a stored hash, or {@code null}
     * @return whether it was made with a lower work factor than today's, or is not one of ours,
     *         and should be replaced
     */
    public boolean needsRehash(String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return true;
        }
        try {
            return Integer.parseInt(parts[1]) < iterations;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int rounds) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, rounds, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param secret a password to forget
     */
    public static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
