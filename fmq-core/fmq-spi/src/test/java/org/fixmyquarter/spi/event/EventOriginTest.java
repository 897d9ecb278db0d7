package org.fixmyquarter.spi.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class EventOriginTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void isCurrentOnlyDuringTheCallAndOnItsThread() throws Exception {
        assertTrue(EventOrigin.current().isEmpty(), "nothing outside a call");
        EventOrigin origin = new EventOrigin("req-1", TRACEPARENT);
        String seen = origin.during(() -> EventOrigin.current().flatMap(EventOrigin::requestId).orElse("none"));
        assertEquals("req-1", seen);
        assertEquals(Optional.empty(), origin.during(() -> CompletableFuture
                .supplyAsync(() -> EventOrigin.current().flatMap(EventOrigin::requestId)).get()),
                "another thread does not see it");
        assertTrue(EventOrigin.current().isEmpty(), "gone after the call");
    }

    @Test
    void isRestoredAfterANestedCallAndAfterAFailure() throws Exception {
        EventOrigin outer = new EventOrigin("outer", null);
        outer.during(() -> {
            assertThrows(IllegalStateException.class, () -> new EventOrigin("inner", null).during(() -> {
                throw new IllegalStateException("the plugin failed");
            }));
            assertEquals(Optional.of("outer"), EventOrigin.current().flatMap(EventOrigin::requestId));
            return null;
        });
        assertTrue(EventOrigin.current().isEmpty());
    }

    @Test
    void keepsOnlyPlainTokensSoThatAPluginCanCopyThemIntoAHeader() {
        EventOrigin origin = new EventOrigin("bad\r\nX-Evil: 1", TRACEPARENT);
        assertEquals(Optional.empty(), origin.requestId(), "a header injection is no request id");
        assertEquals(Optional.of(TRACEPARENT), origin.traceparent());
        assertEquals(Optional.empty(), new EventOrigin("ok", "x".repeat(65)).traceparent(), "too long");
    }
}
