package org.fixmyquarter.core.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.RecordingEntityManager;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protects idempotency-key handling that needs no database: the request digest is a stable
 * lower-case SHA-256, and a malformed {@code Idempotency-Key} is refused as a validation error on
 * that header before any record is looked up or written.
 */
class IdempotencyKeysTest {

    private static final String SCOPE = "POST /api/v1/reports";
    private static final String HASH = IdempotencyKeys.hash("{}");

    private RecordingEntityManager recorder;
    private IdempotencyKeys keys;

    @BeforeEach
    void setUp() {
        recorder = new RecordingEntityManager();
        keys = new IdempotencyKeys(recorder.entityManager(),
                Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC),
                Duration.ofMinutes(5), Duration.ofHours(24));
    }

    // ---- hash --------------------------------------------------------------------------------

    @Test
    void hashIsSha256AsLowerCaseHex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", IdempotencyKeys.hash("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", IdempotencyKeys.hash(""));
        // UTF-8, not the platform charset.
        assertEquals("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c",
                IdempotencyKeys.hash("\u00e9"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "{\"title\":\"Pothole\"}", "\u00e9\u00e8\u4e2d\ud83d\ude00"})
    void hashIs64LowerCaseHexDigits(String text) {
        String hash = IdempotencyKeys.hash(text);
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
    }

    @Test
    void hashIsDeterministic() {
        String text = "{\"title\":\"Pothole\",\"lat\":52.52}";
        assertEquals(IdempotencyKeys.hash(text), IdempotencyKeys.hash(new String(text.toCharArray())));
    }

    @Test
    void differentInputsHashDifferently() {
        assertNotEquals(IdempotencyKeys.hash("a"), IdempotencyKeys.hash("b"));
        assertNotEquals(IdempotencyKeys.hash("abc"), IdempotencyKeys.hash("abd"));
        assertNotEquals(IdempotencyKeys.hash("abc"), IdempotencyKeys.hash("abc "));
        assertNotEquals(IdempotencyKeys.hash("abc"), IdempotencyKeys.hash("ABC"));
    }

    // ---- claim -------------------------------------------------------------------------------

    static Stream<String> invalidKeys() {
        return Stream.of(null, "", "k".repeat(256), "has space", " leading", "trailing ", "cl\u00e9",
                "\u4e2d\u6587", "tab\tkey", "new\nline", "del\u007f");
    }

    @ParameterizedTest
    @MethodSource("invalidKeys")
    void invalidKeyIsRefusedBeforeTouchingTheDatabase(String key) {
        ValidationException e = assertThrows(ValidationException.class,
                () -> keys.claim(SCOPE, "user-1", key, HASH));
        assertEquals(List.of("Idempotency-Key"), e.errors().stream().map(FieldError::field).toList());
        assertEquals(IdempotencyKeys.HEADER, e.errors().get(0).field());
        assertEquals(List.of(), recorder.methodNames(), "no record may be looked up or written");
    }

    static Stream<String> validKeys() {
        return Stream.of("k", "k".repeat(255), "2f1c0c7e-8a0b-4c55-9d1e-6b7f3a1e2d4c", "!", "~",
                "a!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~z");
    }

    @ParameterizedTest
    @MethodSource("validKeys")
    void validKeyIsLookedUpWithARowLock(String key) {
        assertThrows(RecordingEntityManager.Touched.class, () -> keys.claim(SCOPE, "user-1", key, HASH));
        List<RecordingEntityManager.Call> calls = recorder.calls();
        assertEquals(List.of("find"), calls.stream().map(RecordingEntityManager.Call::method).toList());
        List<Object> args = calls.get(0).args();
        assertEquals(IdempotencyRecord.class, args.get(0));
        assertEquals(IdempotencyKeys.hash(SCOPE + "\n" + "user-1" + "\n" + key), args.get(1),
                "the record id is derived from scope, principal and key");
        assertEquals(LockModeType.PESSIMISTIC_WRITE, args.get(2));
    }
}
