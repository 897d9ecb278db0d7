package org.fixmyquarter.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import org.junit.jupiter.api.Test;

class DeliveryBulkheadTest {

    @Test
    void aTargetGetsItsPlacesAndNoMoreWhileTheOthersKeepTheirs() {
        DeliveryBulkhead bulkhead = new DeliveryBulkhead(target -> target.startsWith("job/") ? 1 : 2);

        DeliveryBulkhead.Permit first = bulkhead.tryEnter("webhook/a");
        DeliveryBulkhead.Permit second = bulkhead.tryEnter("webhook/a");
        assertNotNull(first);
        assertNotNull(second);
        assertNull(bulkhead.tryEnter("webhook/a"), "the third call to the same webhook waits");
        assertNotNull(bulkhead.tryEnter("webhook/b"));
        assertNotNull(bulkhead.tryEnter("job/photos"));
        assertNull(bulkhead.tryEnter("job/photos"), "jobs run one at a time");
        assertEquals(Set.of("webhook/a", "job/photos"), bulkhead.full());

        first.close();
        first.close();
        assertEquals(1, bulkhead.inProgress("webhook/a"), "closing twice frees one place");
        assertEquals(Set.of("job/photos"), bulkhead.full());
        assertNotNull(bulkhead.tryEnter("webhook/a"));
    }

    @Test
    void aBulkheadWithoutPlacesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DeliveryBulkhead.of(0));
    }
}
