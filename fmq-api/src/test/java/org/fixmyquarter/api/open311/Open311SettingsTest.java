package org.fixmyquarter.api.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The settings: the base path's default and its checks (a path, outside {@code /api/}), and a
 * blank jurisdiction meaning none.
 */
class Open311SettingsTest {

    private static Open311Settings of(Map<String, String> values) {
        return Open311Settings.from(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void defaultsServeOneJurisdictionAtOpen311V2() {
        Open311Settings settings = of(Map.of());
        assertEquals("/open311/v2", settings.basePath());
        assertTrue(settings.jurisdictionId().isEmpty());
        assertTrue(of(Map.of("fmq.open311.jurisdiction-id", " ")).jurisdictionId().isEmpty());
        assertEquals("lyon.example", of(Map.of("fmq.open311.jurisdiction-id", "lyon.example")).jurisdictionId()
                .orElseThrow());
    }

    @Test
    void theBasePathIsAPathOutsideTheApi() {
        assertEquals("/georeport/v2", of(Map.of("fmq.open311.base-path", "/georeport/v2/")).basePath());
        for (String wrong : new String[] {"open311", "/", "/api/open311", "/api", "/a b", "/a//b", "/a?b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> of(Map.of("fmq.open311.base-path", wrong)), wrong);
            assertTrue(e.getMessage().contains("fmq.open311.base-path"), e.getMessage());
        }
    }
}
