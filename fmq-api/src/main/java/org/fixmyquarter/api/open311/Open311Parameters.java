package org.fixmyquarter.api.open311;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of one GeoReport request: the query string's and, for a {@code POST}, the
 * {@code application/x-www-form-urlencoded} body's (the body's win). Following what clients rely
 * on, a parameter sent empty (or blank) counts as absent, and the first of repeated values counts,
 * except for the values of a list answer ({@code attribute[code][]=a&attribute[code][]=b}).
 * Every refusal is a {@code 400} in the request's format naming the parameter.
 */
public final class Open311Parameters {

    private static final String ATTRIBUTE = "attribute[";

    private final Open311Format format;
    private final Map<String, String> values;
    /** The answers of {@code attribute[code]} and {@code attribute[code][]}, every value, body first. */
    private final Map<String, List<String>> attributes;

    private Open311Parameters(Open311Format format, Map<String, String> values, Map<String, List<String>> attributes) {
        this.format = format;
        this.values = Collections.unmodifiableMap(values);
        this.attributes = Collections.unmodifiableMap(attributes);
    }

    /**
     * @param format the request's format, for refusals
     * @param query  the raw (still encoded) query string, or {@code null}
     * @param form   the raw form body, or {@code null}
     * @return the parameters
     * @throws Open311Exception if an escape cannot be decoded
     */
    public static Open311Parameters parse(Open311Format format, String query, String form) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, List<String>> attributes = new TreeMap<>();
        // The body first: its values win over the query's.
        decode(format, form, values, attributes);
        decode(format, query, values, attributes);
        return new Open311Parameters(format, values, attributes);
    }

    private static void decode(Open311Format format, String encoded, Map<String, String> into,
                               Map<String, List<String>> attributes) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
            String name;
            String value;
            try {
                name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
                value = URLDecoder.decode(rawValue, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Open311Exception(format, 400, "A parameter is not URL-encoded correctly: "
                        + shorten(pair));
            }
            String stripped = value.strip();
            if (!name.isEmpty() && !stripped.isEmpty()) {
                into.putIfAbsent(name, stripped);
                String code = attributeCode(name);
                if (code != null) {
                    attributes.computeIfAbsent(code, c -> new ArrayList<>()).add(stripped);
                }
            }
        }
    }

    /**
     * @param name a parameter
     * @return its value, stripped, or {@code null} when absent or empty
     */
    public String get(String name) {
        return values.get(name);
    }

    /**
     * @param name a parameter
     * @param max  the longest value accepted
     * @return its value, or {@code null}
     * @throws Open311Exception if it is longer
     */
    public String text(String name, int max) {
        String value = get(name);
        if (value != null && value.length() > max) {
            throw invalid(name, "must be at most " + max + " characters (got " + value.length() + ")");
        }
        return value;
    }

    /**
     * @param name a parameter
     * @param min  the smallest value accepted
     * @param max  the largest value accepted
     * @return its value as a number, or {@code null} when absent
     * @throws Open311Exception if it is no decimal number or out of range
     */
    public Double decimal(String name, double min, double max) {
        String value = get(name);
        if (value == null) {
            return null;
        }
        double number;
        try {
            // BigDecimal: no NaN, no Infinity, no hexadecimal.
            number = new BigDecimal(value).doubleValue();
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a decimal number (got '" + shorten(value) + "')");
        }
        if (number < min || number > max) {
            throw invalid(name, "must be between " + plain(min) + " and " + plain(max) + " (got " + shorten(value) + ")");
        }
        return number;
    }

    /**
     * @param name         a parameter
     * @param min          the smallest value accepted
     * @param max          the largest value accepted
     * @param defaultValue the value when absent
     * @return its value as a whole number
     * @throws Open311Exception if it is no whole number or out of range
     */
    public int integer(String name, int min, int max, int defaultValue) {
        String value = get(name);
        if (value == null) {
            return defaultValue;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a whole number from " + min + " to " + max + " (got '" + shorten(value) + "')");
        }
        if (number < min || number > max) {
            throw invalid(name, "must be a whole number from " + min + " to " + max + " (got " + number + ")");
        }
        return number;
    }

    /**
     * @return the answers of {@code attribute[code]=value} (and of a list's
     *         {@code attribute[code][]=value}, every value in the order sent), by code, in code order
     */
    public Map<String, List<String>> attributes() {
        return attributes;
    }

    /** @return the code of {@code attribute[code]} or {@code attribute[code][]}, else {@code null} */
    private static String attributeCode(String name) {
        String inner = name.endsWith("[]") ? name.substring(0, name.length() - 2) : name;
        if (inner.startsWith(ATTRIBUTE) && inner.endsWith("]") && inner.length() > ATTRIBUTE.length() + 1) {
            return inner.substring(ATTRIBUTE.length(), inner.length() - 1);
        }
        return null;
    }

    /**
     * @param name   a parameter
     * @param reason what is wrong with it
     * @return the refusal to throw
     */
    public Open311Exception invalid(String name, String reason) {
        return new Open311Exception(format, 400, name + " " + reason);
    }

    private static String plain(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
