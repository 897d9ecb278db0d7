package org.fixmyquarter.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Protects what the API needs to show an error in the reader's language: the language-pack key
 * and its placeholder values as text, in order, beside the English message, for field errors,
 * not-found (with a runaway id cut short) and conflicts.
 */
class TranslatableErrorsTest {

    @Test
    void translatableFieldErrorKeepsKeyAndArgumentsAsText() {
        FieldError error = FieldError.translatable("location.lat", "validation.range-got",
                "must be between -90 and 90 (got 91.5)", -90, 90, 91.5);

        assertEquals(new FieldError("location.lat", "must be between -90 and 90 (got 91.5)", "validation.range-got",
                List.of("-90", "90", "91.5")), error);
    }

    @Test
    void plainFieldErrorHasNoKey() {
        FieldError error = new FieldError("title", "is required");
        assertNull(error.messageKey());
        assertEquals(List.of(), error.args());
    }

    @Test
    void fieldErrorArgumentsCannotBeChanged() {
        FieldError error = FieldError.translatable("limit", "validation.range", "must be between 1 and 100", 1, 100);
        assertThrows(UnsupportedOperationException.class, () -> error.args().add("x"));
    }

    @Test
    void validationExceptionOfOneTranslatableField() {
        ValidationException e = ValidationException.of("reason", "validation.too-long",
                "must be at most 1000 characters", 1000);

        assertEquals(List.of(new FieldError("reason", "must be at most 1000 characters", "validation.too-long",
                List.of("1000"))), e.errors());
        assertEquals("reason must be at most 1000 characters", e.getMessage());
    }

    @Test
    void notFoundHasKindKeyAndArguments() {
        NotFoundException e = new NotFoundException("report", "abc123");

        assertEquals("report", e.kind());
        assertEquals("problem.not-found.detail", e.messageKey());
        assertEquals(List.of("report", "abc123"), e.messageArgs());
    }

    @Test
    void notFoundEchoesAtMost64CharactersOfTheId() {
        String sent = "x".repeat(5000);

        NotFoundException e = new NotFoundException("report", sent);

        String shown = "x".repeat(64) + "…";
        assertEquals(List.of("report", shown), e.messageArgs());
        assertEquals("No report with id '" + shown + "' exists.", e.getMessage());
    }

    @Test
    void conflictCarriesItsKeyAndArguments() {
        ConflictException e = new ConflictException("invalid-status-transition", "A report that is 'resolved' cannot "
                + "move to 'open'.", "problem.invalid-status-transition.detail", "resolved", "open", "");

        assertEquals("invalid-status-transition", e.reason());
        assertEquals("problem.invalid-status-transition.detail", e.messageKey());
        assertEquals(List.of("resolved", "open", ""), e.messageArgs());
        assertTrue(e.getMessage().startsWith("A report that is 'resolved'"));
    }

    @Test
    void conflictWithoutKeyHasNoArguments() {
        ConflictException e = new ConflictException("version-mismatch", "The report changed meanwhile.");
        assertNull(e.messageKey());
        assertEquals(List.of(), e.messageArgs());
    }
}
