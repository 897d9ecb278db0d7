package org.fixmyquarter.core.error;

import java.util.List;
import java.util.Objects;

/**
 * One invalid field of a request.
 *
 * @param field      the field's path as the client sent it, for example {@code location.lat}
 * @param message    what is wrong with it in English, for example {@code "must be between -90 and 90"}
 * @param messageKey the language-pack key of that message, for example {@code validation.range},
 *                   or {@code null} if it has no translation
 * @param args       the values filling the key's {@code {0}}, {@code {1}}...
 */
public record FieldError(String field, String message, String messageKey, List<String> args) {

    /**
     * Checks the parts and copies the arguments.
     */
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        args = List.copyOf(args);
    }

    /**
     * An error with an English message only.
     *
     * @param field   the field's path
     * @param message what is wrong with it
     */
    public FieldError(String field, String message) {
        this(field, message, null, List.of());
    }

    /**
     * An error that language packs can translate.
     *
     * @param field   the field's path
     * @param key     the language-pack key
     * @param message the English message
     * @param args    the values of the key's placeholders, in order
     * @return the error
     */
    public static FieldError translatable(String field, String key, String message, Object... args) {
        return new FieldError(field, message, key, DomainException.texts(args));
    }
}
