package org.fixmyquarter.spi.category;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protects the rules a plugin's category must follow: codes of lower-case letters, digits,
 * {@code -} and {@code _}, 1 to 64 characters, and a non-blank name; a bad definition fails fast
 * with a message naming the offending code.
 */
class CategoryDefinitionTest {

    private static final String CODE_64 = "a" + "b".repeat(63);
    private static final String CODE_65 = "a" + "b".repeat(64);

    @ParameterizedTest
    @ValueSource(strings = {"road", "a", "7", "street-lights", "snow_removal", "1st-aid", "a-_-z",
            "abcdefghijklmnopqrstuvwxyz0123456789"})
    void acceptsValidCodes(String code) {
        CategoryDefinition category = new CategoryDefinition(code, "Some name");
        assertEquals(code, category.code());
        assertEquals("Some name", category.name());
    }

    @Test
    void acceptsCodeOfExactly64Characters() {
        assertEquals(64, CODE_64.length());
        assertEquals(CODE_64, new CategoryDefinition(CODE_64, "Long").code());
    }

    static Stream<String> invalidCodes() {
        return Stream.of("Road", "ROAD", "roadWorks", "road works", " road", "road ", "", CODE_65,
                "-road", "_road", "road/works", "road.works", "stra\u00dfe", "r\u00f6ad");
    }

    @ParameterizedTest
    @MethodSource("invalidCodes")
    void rejectsInvalidCodesNamingTheCode(String code) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CategoryDefinition(code, "Some name"));
        assertTrue(e.getMessage().contains("'" + code + "'"),
                () -> "message should name the code '" + code + "': " + e.getMessage());
    }

    @Test
    void rejects65CharacterCode() {
        assertEquals(65, CODE_65.length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CategoryDefinition(CODE_65, "Too long"));
        assertTrue(e.getMessage().contains(CODE_65), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n \t"})
    void rejectsBlankNameNamingTheCode(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CategoryDefinition("road", name));
        assertTrue(e.getMessage().contains("'road'"), e.getMessage());
    }

    @Test
    void rejectsNullCodeAndName() {
        assertThrows(NullPointerException.class, () -> new CategoryDefinition(null, "Name"));
        assertThrows(NullPointerException.class, () -> new CategoryDefinition("road", null));
    }
}
