package org.fixmyquarter.core.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request has one or more invalid fields; nothing was written.
 */
public class ValidationException extends DomainException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    /**
     * @param errors every invalid field found, at least one
     */
    public ValidationException(List<FieldError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    /**
     * Shorthand for a single invalid field.
     *
     * @param field   the field's path
     * @param message what is wrong with it
     */
    public ValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    /**
     * Shorthand for a single invalid field with a translatable message.
     *
     * @param field   the field's path
     * @param key     the language-pack key of the message
     * @param message the message in English
     * @param args    the values of the key's placeholders
     * @return the exception
     */
    public static ValidationException of(String field, String key, String message, Object... args) {
        return new ValidationException(List.of(FieldError.translatable(field, key, message, args)));
    }

    /**
     * @return every invalid field, in the order they were checked
     */
    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation error needs at least one field error");
        }
        return errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
    }
}
