package org.fixmyquarter.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Protects what clients see of a validation failure: every field error in the order found, a
 * message joining them as {@code "field message"} pairs, and that an error without any field is
 * impossible.
 */
class ValidationExceptionTest {

    private static final List<FieldError> ERRORS = List.of(
            new FieldError("title", "is required"),
            new FieldError("location.lat", "must be between -90 and 90"),
            new FieldError("category", "'x' is not a known category"));

    @Test
    void errorsKeepTheirOrder() {
        assertEquals(ERRORS, new ValidationException(ERRORS).errors());
        List<FieldError> reversed = new ArrayList<>(ERRORS);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, new ValidationException(reversed).errors());
    }

    @Test
    void messageJoinsFieldMessagePairs() {
        assertEquals("title is required; location.lat must be between -90 and 90; "
                + "category 'x' is not a known category", new ValidationException(ERRORS).getMessage());
    }

    @Test
    void singleFieldConstructor() {
        ValidationException e = new ValidationException("cursor", "is not a cursor");
        assertEquals(List.of(new FieldError("cursor", "is not a cursor")), e.errors());
        assertEquals("cursor is not a cursor", e.getMessage());
    }

    @Test
    void emptyListIsRefused() {
        List<FieldError> none = List.of();
        assertThrows(IllegalArgumentException.class, () -> new ValidationException(none));
    }

    @Test
    void errorsAreACopyThatCannotBeChanged() {
        List<FieldError> source = new ArrayList<>(ERRORS);
        ValidationException e = new ValidationException(source);
        source.clear();
        assertEquals(ERRORS, e.errors());
        assertThrows(UnsupportedOperationException.class, () -> e.errors().add(new FieldError("x", "y")));
    }

    @Test
    void isADomainException() {
        assertInstanceOf(DomainException.class, new ValidationException("f", "m"));
    }
}
