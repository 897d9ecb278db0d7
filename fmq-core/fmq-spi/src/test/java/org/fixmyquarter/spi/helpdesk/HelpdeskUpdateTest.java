package org.fixmyquarter.spi.helpdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.event.ReportCreated;
import org.junit.jupiter.api.Test;

/**
 * The pull-back of SPI 1.5: a connector written for 1.4 compiles and pulls nothing, and an update
 * refuses what the server could not store.
 */
class HelpdeskUpdateTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    /** A connector that knows nothing of SPI 1.5, as one built before it. */
    static final class OldConnector implements HelpdeskConnector {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("old", "1", "1.4");
        }

        @Override
        public HelpdeskTicket submit(ReportCreated event) {
            return new HelpdeskTicket("1", null);
        }
    }

    @Test
    void anOlderConnectorPullsNothing() throws Exception {
        OldConnector old = new OldConnector();
        assertFalse(old.pullsUpdates());
        assertEquals(List.of(), old.updates(List.of(new HelpdeskTicket("1", null)), null));
    }

    @Test
    void optionalPartsMayBeMissing() {
        HelpdeskUpdate update = new HelpdeskUpdate("42", HelpdeskUpdate.Status.CLOSED, null, null, NOW);
        assertEquals(HelpdeskUpdate.Status.CLOSED, update.status());
    }

    @Test
    void requiredPartsAndLengthsAreChecked() {
        assertThrows(NullPointerException.class, () -> new HelpdeskUpdate(null, HelpdeskUpdate.Status.OPEN, null, null, NOW));
        assertThrows(NullPointerException.class, () -> new HelpdeskUpdate("1", null, null, null, NOW));
        assertThrows(NullPointerException.class, () -> new HelpdeskUpdate("1", HelpdeskUpdate.Status.OPEN, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new HelpdeskUpdate(" ", HelpdeskUpdate.Status.OPEN, null, null, NOW));
        assertThrows(IllegalArgumentException.class,
                () -> new HelpdeskUpdate("1", HelpdeskUpdate.Status.OPEN, "x".repeat(101), null, NOW));
        assertThrows(IllegalArgumentException.class,
                () -> new HelpdeskUpdate("1", HelpdeskUpdate.Status.OPEN, null, "x".repeat(4001), NOW));
    }
}
