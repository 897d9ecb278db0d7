package org.fixmyquarter.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protects the page cursors clients pass back: a cursor keeps the position (creation time to the
 * microsecond, and id) exactly, travels safely in a URL, and anything the server did not issue is
 * refused as a validation error on the {@code cursor} field rather than an internal error.
 */
class CursorsTest {

    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9_-]+");

    private static String base64Url(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripKeepsTheInstantToTheMicrosecondAndTheId() {
        Instant createdAt = Instant.parse("2025-03-01T10:15:30.123456789Z");
        Cursors.Position position = Cursors.decode(Cursors.encode(createdAt, "abc_DEF-123"));
        assertEquals(Instant.parse("2025-03-01T10:15:30.123456Z"), position.createdAt());
        assertEquals("abc_DEF-123", position.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000001Z", "1969-12-31T23:59:59.999999Z",
            "2000-02-29T12:00:00.5Z", "2025-03-01T10:15:30.999999Z", "2199-12-31T23:59:59.999999Z"})
    void microsecondInstantsRoundTripExactly(String text) {
        Instant createdAt = Instant.parse(text);
        assertEquals(new Cursors.Position(createdAt, "id1"), Cursors.decode(Cursors.encode(createdAt, "id1")));
    }

    @Test
    void generatedIdsRoundTrip() {
        Instant createdAt = Instant.parse("2025-03-01T10:15:30.123456Z");
        for (int i = 0; i < 1000; i++) {
            String id = Ids.newId();
            assertEquals(new Cursors.Position(createdAt, id), Cursors.decode(Cursors.encode(createdAt, id)));
        }
    }

    @Test
    void cursorIsUrlSafe() {
        Instant base = Instant.parse("2025-03-01T10:15:30.123456Z");
        for (int i = 0; i < 500; i++) {
            // Ids of every length 1..40 exercise every base64 padding case.
            String id = (Ids.newId() + Ids.newId()).substring(0, 1 + i % 40);
            String cursor = Cursors.encode(base.plus(i * 7919L, ChronoUnit.MICROS), id);
            assertTrue(URL_SAFE.matcher(cursor).matches(), () -> "not URL-safe: " + cursor);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "not a cursor", "%%%", "a+b/", "====", "x", "Zm9v=bar"})
    void garbageIsRejected(String cursor) {
        assertInvalid(cursor);
    }

    @Test
    void emptyStringIsRejected() {
        assertInvalid("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "c1", "c1|123", "c1|123|", "c2|123|abc", "C1|123|abc", "|123|abc",
            "c1|123|abc|def", "{\"t\":123,\"id\":\"abc\"}"})
    void base64OfWrongContentIsRejected(String raw) {
        assertInvalid(base64Url(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1|abc|id1", "c1||id1", "c1|1.5|id1", "c1|12e3|id1", "c1| 123|id1",
            "c1|99999999999999999999999|id1", "c1|2025-03-01T10:15:30Z|id1"})
    void nonNumericTimeIsRejected(String raw) {
        assertInvalid(base64Url(raw));
    }

    private static void assertInvalid(String cursor) {
        ValidationException e = assertThrows(ValidationException.class, () -> Cursors.decode(cursor),
                () -> "should refuse cursor '" + cursor + "'");
        assertEquals(List.of("cursor"), e.errors().stream().map(FieldError::field).toList());
    }
}
