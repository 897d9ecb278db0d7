package org.fixmyquarter.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * TOTP against the test vectors of RFC 6238 (appendix B, SHA1) and Base32 against those of
 * RFC 4648 (section 10).
 */
class TotpTest {

    /** The SHA1 seed of RFC 6238, appendix B. */
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "{0} s -> {1}")
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void theCodesOfRfc6238(long seconds, String expected) {
        assertEquals(expected, Totp.code(SEED, Totp.step(Instant.ofEpochSecond(seconds)), 8));
    }

    @Test
    void sixDigitsAreTheLastSixOfEight() {
        assertEquals("287082", Totp.code(SEED, Totp.step(Instant.ofEpochSecond(59)), 6));
        assertEquals("081804", Totp.code(SEED, Totp.step(Instant.ofEpochSecond(1111111109)), 6), "zero-padded");
        assertEquals(1, Totp.step(Instant.ofEpochSecond(59)));
        assertEquals(2, Totp.step(Instant.ofEpochSecond(60)));
        assertThrows(IllegalArgumentException.class, () -> Totp.code(SEED, 1, 9));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(value = {
        "'' | ''",
        "f | MY",
        "fo | MZXQ",
        "foo | MZXW6",
        "foob | MZXW6YQ",
        "fooba | MZXW6YTB",
        "foobar | MZXW6YTBOI"
    }, delimiter = '|')
    void base32OfRfc4648(String plain, String encoded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertEquals(encoded, Base32.encode(bytes));
        assertArrayEquals(bytes, Base32.decode(encoded));
        assertArrayEquals(bytes, Base32.decode(encoded.toLowerCase()), "any case");
    }

    @Test
    void base32DecodingSkipsPaddingSpacesAndHyphensAndRefusesOtherCharacters() {
        assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), Base32.decode("MZXW 6YTB-OI======"));
        assertArrayEquals(SEED, Base32.decode(Base32.encode(SEED)));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZXW1"));
    }
}
