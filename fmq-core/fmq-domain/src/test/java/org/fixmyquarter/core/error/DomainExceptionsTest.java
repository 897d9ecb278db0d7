package org.fixmyquarter.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/**
 * Protects the messages and codes of the not-found and conflict errors that the API turns into
 * problem responses.
 */
class DomainExceptionsTest {

    @Test
    void notFoundNamesKindAndId() {
        NotFoundException e = new NotFoundException("report", "abc123");
        assertEquals("No report with id 'abc123' exists.", e.getMessage());
        assertInstanceOf(DomainException.class, e);
    }

    @Test
    void conflictKeepsItsReasonAndMessage() {
        ConflictException e = new ConflictException("invalid-status-transition", "Cannot move.");
        assertEquals("invalid-status-transition", e.reason());
        assertEquals("Cannot move.", e.getMessage());
        assertInstanceOf(DomainException.class, e);
    }
}
