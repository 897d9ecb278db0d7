package org.fixmyquarter.spi.category;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An extra question a category asks of whoever reports in it, such as the number on a lamp post
 * or how bad a leak is. Open311 clients list them through {@code services/{code}} and answer them
 * with {@code attribute[code]=value}; the answers are kept with the report.
 *
 * @param code        stable machine code of the question, unique within its category, for
 *                    example {@code pole-number}; letters, digits, {@code -} and {@code _}, at most
 *                    64 characters
 * @param description the question in English, shown to the person reporting; at most 500
 *                    characters
 * @param datatype    what kind of answer it takes
 * @param required    whether a report in the category must answer it
 * @param values      the answers to choose from, for {@link Datatype#SINGLEVALUELIST} and
 *                    {@link Datatype#MULTIVALUELIST} (at least one); empty for every other datatype
 * @since SPI 1.6
 */
public record CategoryAttribute(String code, String description, Datatype datatype, boolean required,
                                List<Value> values) {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** The longest description. */
    public static final int DESCRIPTION_MAX = 500;

    /**
     * What kind of answer a question takes, as GeoReport v2 names them.
     */
    public enum Datatype {
        /** One line of text, at most 500 characters. */
        STRING,
        /** A decimal number, such as {@code 12} or {@code -3.5}. */
        NUMBER,
        /** An ISO 8601 date-time with an offset, such as {@code 2026-05-04T08:16:02+02:00}. */
        DATETIME,
        /** Free text, at most 4,000 characters. */
        TEXT,
        /** One key of {@link CategoryAttribute#values()}. */
        SINGLEVALUELIST,
        /** One or more keys of {@link CategoryAttribute#values()}. */
        MULTIVALUELIST;

        /** @return the name on the wire: {@code string}, {@code singlevaluelist}... */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return whether answers are chosen from a list of values */
        public boolean isList() {
            return this == SINGLEVALUELIST || this == MULTIVALUELIST;
        }
    }

    /**
     * One answer to choose from.
     *
     * @param key  what is stored and sent, for example {@code gushing}; 1 to 100 characters
     * @param name what a person reads, in English; 1 to 200 characters
     */
    public record Value(String key, String name) {

        /**
         * @throws IllegalArgumentException if the key or name is blank or too long
         */
        public Value {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(name, "name");
            if (key.isBlank() || key.length() > 100 || !key.strip().equals(key)) {
                throw new IllegalArgumentException("Invalid attribute value key '" + key
                        + "': 1 to 100 characters, no leading or trailing space");
            }
            if (name.isBlank() || name.length() > 200) {
                throw new IllegalArgumentException("Attribute value '" + key + "' needs a name of 1 to 200 characters");
            }
        }
    }

    /**
     * Checks every part.
     *
     * @throws IllegalArgumentException if the code is malformed, the description blank or too long,
     *                                  a list datatype has no values or duplicate keys, or another
     *                                  datatype has values
     */
    public CategoryAttribute {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(datatype, "datatype");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("Invalid attribute code '" + code
                    + "': use letters, digits, '-' and '_', at most 64 characters");
        }
        if (description.isBlank() || description.length() > DESCRIPTION_MAX) {
            throw new IllegalArgumentException("Attribute '" + code + "' needs a description of 1 to "
                    + DESCRIPTION_MAX + " characters");
        }
        values = List.copyOf(Objects.requireNonNull(values, "values"));
        if (datatype.isList() && values.isEmpty()) {
            throw new IllegalArgumentException("Attribute '" + code + "' is a " + datatype.wireName()
                    + " and needs at least one value");
        }
        if (!datatype.isList() && !values.isEmpty()) {
            throw new IllegalArgumentException("Attribute '" + code + "' is a " + datatype.wireName()
                    + " and takes no values");
        }
        Set<String> keys = new HashSet<>();
        for (Value value : values) {
            if (!keys.add(value.key())) {
                throw new IllegalArgumentException("Attribute '" + code + "' lists the value '" + value.key()
                        + "' twice");
            }
        }
    }

    /**
     * A question answered in free form (every datatype but the lists).
     *
     * @param code        the code
     * @param description the question
     * @param datatype    not a list datatype
     * @param required    whether it must be answered
     */
    public CategoryAttribute(String code, String description, Datatype datatype, boolean required) {
        this(code, description, datatype, required, List.of());
    }
}
