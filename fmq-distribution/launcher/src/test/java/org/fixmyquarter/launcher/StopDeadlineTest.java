package org.fixmyquarter.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StopDeadlineTest {

    @Test
    void theDrainTimeIsLibertysQuiesceUnlessSet() {
        assertEquals(Duration.ofSeconds(30), StopDeadline.drainTime(Map.of()));
        assertEquals(Duration.ofSeconds(30), StopDeadline.drainTime(Map.of("FMQ_DRAIN_TIMEOUT", " ")));
        assertEquals(Duration.ofSeconds(20), StopDeadline.drainTime(Map.of("FMQ_DRAIN_TIMEOUT", "20")));
        assertEquals(Duration.ofSeconds(5), StopDeadline.drainTime(Map.of("FMQ_DRAIN_TIMEOUT", "PT5S")));
        assertEquals(Duration.ofMinutes(2), StopDeadline.drainTime(Map.of("FMQ_DRAIN_TIMEOUT", "PT2M")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "PT0.5S", "-5", "PT2H", "soon", "20s", "P1D"})
    void anythingElseIsRefusedNamingTheSetting(String value) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> StopDeadline.drainTime(Map.of("FMQ_DRAIN_TIMEOUT", value)));
        assertTrue(refused.getMessage().startsWith("FMQ_DRAIN_TIMEOUT=" + value), refused.getMessage());
    }
}
