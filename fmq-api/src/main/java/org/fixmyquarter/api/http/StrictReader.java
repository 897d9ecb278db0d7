package org.fixmyquarter.api.http;

import java.util.HashSet;
import java.util.Set;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.core.error.ValidationException;

/**
 * Builds a JSON value from a parser's events, refusing what a lenient reader lets through: an
 * object naming a key twice (readers disagree on which value wins, so a proxy that checked the
 * first and a server that stores the last would see two different requests), a string holding
 * half of a surrogate pair ({@code "\ud800"}: no Unicode text, and stored it becomes {@code ?}),
 * and nesting deeper than any request of this API needs.
 */
final class StrictReader {

    /** Deeper than any body of this API, shallow enough that no input can exhaust the stack. */
    static final int MAX_DEPTH = 32;

    private StrictReader() {
    }

    /**
     * @param parser the parser, positioned on {@code event}
     * @param event  the first event of the value
     * @param path   where the value sits, for error messages ({@code ""} at the top)
     * @param depth  1 for the top-level value
     * @return the value, with every nested value read
     */
    static JsonValue value(JsonParser parser, JsonParser.Event event, String path, int depth) {
        switch (event) {
            case START_OBJECT:
                return object(parser, path, depth);
            case START_ARRAY:
                return array(parser, path, depth);
            case VALUE_STRING:
                return JsonBody.JSON.createValue(text(parser.getString(), path));
            default:
                return parser.getValue();
        }
    }

    private static JsonValue object(JsonParser parser, String path, int depth) {
        checkDepth(depth);
        JsonObjectBuilder object = JsonBody.JSON.createObjectBuilder();
        Set<String> keys = new HashSet<>();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
            String key = parser.getString();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            text(key, keyPath);
            if (!keys.add(key)) {
                throw ValidationException.of(keyPath, "validation.duplicate-key",
                        "appears more than once in its object; send each field once");
            }
            object.add(key, value(parser, parser.next(), keyPath, depth + 1));
        }
        return object.build();
    }

    private static JsonValue array(JsonParser parser, String path, int depth) {
        checkDepth(depth);
        JsonArrayBuilder array = JsonBody.JSON.createArrayBuilder();
        int index = 0;
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_ARRAY; event = parser.next()) {
            array.add(value(parser, event, path + "[" + index++ + "]", depth + 1));
        }
        return array.build();
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw ProblemException.malformedJson("The request body nests objects and arrays more than " + MAX_DEPTH
                    + " levels deep.", "problem.malformed-json.too-deep", MAX_DEPTH);
        }
    }

    /** An escaped lone surrogate is valid JSON syntax but no text: refused like invalid UTF-8. */
    private static String text(String value, String path) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ValidationException.of(path.isEmpty() ? "body" : path, "validation.lone-surrogate",
                        "holds half of a surrogate pair (\\u" + Integer.toHexString(c) + "), which is no character",
                        Integer.toHexString(c));
            }
        }
        return value;
    }
}
