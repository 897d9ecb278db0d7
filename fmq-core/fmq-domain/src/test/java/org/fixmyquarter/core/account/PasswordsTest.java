package org.fixmyquarter.core.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Passwords}: the stored format, salting, verification, robustness against malformed stored
 * hashes, and when a hash needs upgrading. A low work factor keeps the tests fast.
 */
class PasswordsTest {

    private static final Passwords PASSWORDS = new Passwords(1_000);
    private static final String SECRET = "correct horse battery staple";

    private static char[] secret() {
        return SECRET.toCharArray();
    }

    @Test
    void hashHasTheDocumentedFormat() {
        String hash = PASSWORDS.hash(secret());

        String[] parts = hash.split("\\$");
        assertEquals(4, parts.length, hash);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("1000", parts[1]);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length, "16-byte salt");
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length, "256-bit hash");
        assertFalse(hash.contains(SECRET), "the hash must not contain the password");
        assertTrue(hash.length() <= 200, "fits fmq_user.password_hash VARCHAR(200)");
    }

    @Test
    void twoHashesOfOnePasswordDifferBySalt() {
        String first = PASSWORDS.hash(secret());
        String second = PASSWORDS.hash(secret());

        assertNotEquals(first, second);
        assertNotEquals(first.split("\\$")[2], second.split("\\$")[2], "salts");
        assertTrue(PASSWORDS.verify(secret(), first));
        assertTrue(PASSWORDS.verify(secret(), second));
    }

    @Test
    void verifyAcceptsTheRightPasswordAndRefusesAnyOther() {
        String hash = PASSWORDS.hash(secret());

        assertTrue(PASSWORDS.verify(secret(), hash));
        assertFalse(PASSWORDS.verify("correct horse battery stapl".toCharArray(), hash));
        assertFalse(PASSWORDS.verify("Correct horse battery staple".toCharArray(), hash));
        assertFalse(PASSWORDS.verify(new char[0], hash));
    }

    @Test
    void verifyUsesTheIterationsStoredWithTheHash() {
        String oldHash = new Passwords(500).hash(secret());

        assertTrue(PASSWORDS.verify(secret(), oldHash), "a hash of another work factor still verifies");
        assertFalse(PASSWORDS.verify(secret(), oldHash.replace("$500$", "$501$")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not a hash",
        "bcrypt$1000$c2FsdA$aGFzaA",
        "pbkdf2-sha1$1000$c2FsdA$aGFzaA",
        "pbkdf2-sha256$1000$c2FsdA",
        "pbkdf2-sha256$1000$c2FsdA$aGFzaA$extra",
        "pbkdf2-sha256$many$c2FsdA$aGFzaA",
        "pbkdf2-sha256$$c2FsdA$aGFzaA",
        "pbkdf2-sha256$0$c2FsdA$aGFzaA",
        "pbkdf2-sha256$-5$c2FsdA$aGFzaA",
        "pbkdf2-sha256$99999999999$c2FsdA$aGFzaA",
        "pbkdf2-sha256$1000$not*base64!$aGFzaA",
        "pbkdf2-sha256$1000$c2FsdA$%%%",
    })
    void malformedStoredHashesNeverMatchAndNeverThrow(String stored) {
        assertFalse(assertDoesNotThrow(() -> PASSWORDS.verify(secret(), stored)));
    }

    @Test
    void hugeIterationCountIsRefusedWithoutBeingComputed() {
        // 2,000,000,000 rounds would take minutes: the check must refuse it up front.
        String huge = PASSWORDS.hash(secret()).replace("$1000$", "$2000000000$");

        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> PASSWORDS.verify(secret(), huge)));
    }

    @Test
    void nullStoredHashNeverMatches() {
        assertFalse(PASSWORDS.verify(secret(), null));
        // Not even the decoy's own password, checked in its place.
        assertFalse(PASSWORDS.verify("decoy password, never valid".toCharArray(), null));
    }

    @Test
    void needsRehashWhenTheWorkFactorWasLower() {
        Passwords current = new Passwords(2_000);

        assertTrue(current.needsRehash(new Passwords(1_000).hash(secret())));
        assertFalse(current.needsRehash(current.hash(secret())));
        assertFalse(current.needsRehash(new Passwords(3_000).hash(secret())), "never downgrades");
        assertTrue(current.needsRehash("bcrypt$2000$c2FsdA$aGFzaA"), "another scheme is replaced");
    }

    @Test
    void needsRehashOfAMalformedWorkFactorSaysReplace() {
        assertTrue(assertDoesNotThrow(() -> PASSWORDS.needsRehash("pbkdf2-sha256$many$c2FsdA$aGFzaA")));
    }

    @Test
    void wipeZeroesThePasswordAndAcceptsNull() {
        char[] password = secret();

        Passwords.wipe(password);
        Passwords.wipe(null);

        assertArrayEquals(new char[SECRET.length()], password);
    }

    @Test
    void refusesANonPositiveWorkFactor() {
        assertThrows(IllegalArgumentException.class, () -> new Passwords(0));
        assertThrows(IllegalArgumentException.class, () -> new Passwords(-1));
    }
}
