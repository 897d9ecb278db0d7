package org.fixmyquarter.core.internal;

import java.util.List;

import org.fixmyquarter.core.error.FieldError;

/**
 * The one check of a WGS84 coordinate given by a client, so every use case words it the same.
 */
public final class Positions {

    private Positions() {
    }

    /**
     * Adds an error when the value is missing or outside {@code [-bound, bound]}.
     *
     * @param errors where to add it
     * @param field  the field's name in the request
     * @param value  the coordinate, or {@code null}
     * @param bound  90 for a latitude, 180 for a longitude
     */
    public static void check(List<FieldError> errors, String field, Double value, int bound) {
        if (value == null) {
            errors.add(FieldError.translatable(field, "validation.required", "is required"));
        } else if (value.isNaN() || value < -bound || value > bound) {
            errors.add(FieldError.translatable(field, "validation.range-got",
                    "must be between -" + bound + " and " + bound + " (got " + value + ")", -bound, bound, value));
        }
    }

    /**
     * Adds an error naming {@code radius} when the value is missing or outside {@code [min, max]}
     * metres: the one wording of every circle a client draws (a search, a followed area, a
     * duplicate check).
     *
     * @param errors where to add it
     * @param metres the radius, or {@code null}
     * @param min    the smallest allowed, in whole metres
     * @param max    the largest allowed, in whole metres
     */
    public static void checkRadius(List<FieldError> errors, Number metres, int min, int max) {
        if (metres == null || !(metres.doubleValue() >= min && metres.doubleValue() <= max)) {
            errors.add(FieldError.translatable("radius", "validation.range-metres",
                    "must be between " + min + " and " + max + " metres", min, max));
        }
    }
}
