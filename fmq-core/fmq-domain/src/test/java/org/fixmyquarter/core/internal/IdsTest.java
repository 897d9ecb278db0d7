package org.fixmyquarter.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Protects the shape of identifiers shown in URLs: 22 URL-safe characters carrying 128 bits, never
 * starting with {@code -} or {@code _} (a command-line option, a spreadsheet formula), and no repeats.
 */
class IdsTest {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{21}");

    @Test
    void idIs22UrlSafeCharactersStartingWithALetterOrDigit() {
        for (int i = 0; i < 5000; i++) {
            String id = Ids.newId();
            assertTrue(SHAPE.matcher(id).matches(), () -> "bad id: " + id);
        }
    }

    @Test
    void idCarries128Bits() {
        assertEquals(16, Base64.getUrlDecoder().decode(Ids.newId()).length);
    }

    @Test
    void tenThousandIdsAreAllDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.newId());
        }
        assertEquals(10_000, ids.size());
    }
}
