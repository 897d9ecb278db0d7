package org.fixmyquarter.core.error;

/**
 * One invalid field of a request.
 *
 * @param field   the field's path as the client sent it, for example {@code location.lat}
 * @param message what is wrong with it, for example {@code "must be between -90 and 90"}
 */
public record FieldError(String field, String message) {
}
