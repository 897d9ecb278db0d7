package org.fixmyquarter.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import org.fixmyquarter.api.problem.ProblemException;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;

/**
 * A JSON object sent by a client, read so that every mistake is named: malformed JSON gives its
 * line and column, a field of the wrong type gives its path. Reading is strict (see
 * {@link #parse}): what the server stores is exactly what the client meant, or nothing.
 *
 * <p>Type errors are collected rather than thrown one by one, so a client learns about all of them
 * in one response; {@link #check()} throws them.
 */
public final class JsonBody {

    /** Shared: looking the provider up searches the class path. */
    public static final JsonProvider JSON = JsonProvider.provider();

    /**
     * Largest body accepted, in bytes: a report's longest text fields fit several times over, and
     * a client cannot make the server buffer megabytes it would refuse anyway.
     */
    public static final int MAX_BYTES = 64 * 1024;

    private final JsonObject root;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonBody(JsonObject root) {
        this.root = root;
    }

    /**
     * Reads a request body of at most {@link #MAX_BYTES}, strictly: the bytes must be UTF-8 (RFC
     * 8259, 8.1: the only encoding of JSON exchanged between systems), hold exactly one JSON value,
     * an object, and name no key twice in any object. Every resource reads its body here, so the
     * rules are the same everywhere.
     *
     * @param body the request body
     * @return the body as an object
     * @throws ProblemException    413 if the body is too large; 400 if it is empty, not UTF-8, not
     *                             JSON, followed by anything but white space, nested too deeply, or
     *                             not a JSON object
     * @throws ValidationException naming a key an object repeats, or a string that holds half of a
     *                             surrogate pair
     */
    public static JsonBody parse(InputStream body) {
        return parse(body, MAX_BYTES);
    }

    /**
     * {@link #parse(InputStream)} with another size limit, for the few operations whose bodies are
     * documents rather than forms (an import of areas' polygons).
     *
     * @param body     the request body
     * @param maxBytes the largest body accepted, in bytes
     * @return the body as an object
     * @throws ProblemException    413 beyond {@code maxBytes}; otherwise as {@link #parse(InputStream)}
     * @throws ValidationException as {@link #parse(InputStream)}
     */
    public static JsonBody parse(InputStream body, int maxBytes) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the request body", e);
        }
        if (bytes.length > maxBytes) {
            throw new ProblemException(413, "payload-too-large", "Payload too large",
                    "The request body is larger than " + maxBytes / 1024 + " KiB.", Map.of(),
                    "problem.payload-too-large.detail", List.of(maxBytes / 1024));
        }
        String text = utf8(bytes);
        if (text.isBlank()) {
            throw ProblemException.malformedJson("The request body is empty; send a JSON object.",
                    "problem.malformed-json.empty");
        }
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw ProblemException.malformedJson("The request body is empty; send a JSON object.",
                        "problem.malformed-json.empty");
            }
            JsonValue value = StrictReader.value(parser, parser.next(), "", 1);
            if (trailing(parser)) {
                var at = parser.getLocation();
                throw ProblemException.malformedJson("The request body goes on after its JSON value (line "
                        + at.getLineNumber() + ", column " + at.getColumnNumber() + "); send exactly one JSON object.",
                        "problem.malformed-json.trailing", at.getLineNumber(), at.getColumnNumber());
            }
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ProblemException.malformedJson("The request body must be a JSON object, not "
                        + value.getValueType().name().toLowerCase(Locale.ROOT) + ".",
                        "problem.malformed-json.not-object");
            }
            return new JsonBody(value.asJsonObject());
        } catch (JsonParsingException e) {
            var at = e.getLocation();
            if (at == null) {
                throw ProblemException.malformedJson("The request body is not valid JSON.",
                        "problem.malformed-json.invalid");
            }
            throw ProblemException.malformedJson("The request body is not valid JSON at line " + at.getLineNumber()
                    + ", column " + at.getColumnNumber() + ".", "problem.malformed-json.invalid-at",
                    at.getLineNumber(), at.getColumnNumber());
        } catch (ProblemException | ValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            // The parser signals some malformed input (numbers beyond its limits, nesting deeper
            // than its own limit) with plain runtime exceptions; all of them are the client's input.
            throw ProblemException.malformedJson("The request body is not valid JSON.",
                    "problem.malformed-json.invalid");
        }
    }

    /**
     * Decodes strictly: a lenient decoder would store U+FFFD in place of each malformed sequence
     * (an overlong form, a truncated sequence, a surrogate encoded as bytes), and the client would
     * never learn that its text was changed.
     */
    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw ProblemException.malformedJson("The request body is not valid UTF-8 (byte " + offset
                    + "); send JSON encoded in UTF-8.", "problem.malformed-json.not-utf8", offset);
        }
        out.flip();
        String text = out.toString();
        // A byte order mark is not JSON (RFC 8259, 8.1), but some tools write one; it carries no data.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Whether anything but white space follows the value: a parser that throws there also says so. */
    private static boolean trailing(JsonParser parser) {
        try {
            return parser.hasNext();
        } catch (JsonParsingException e) {
            return true;
        }
    }

    /**
     * @param path a field name, or two joined by a dot for a nested object, e.g. {@code location.lat}
     * @return the string, or {@code null} if absent or JSON null; a non-string is recorded as an error
     */
    public String string(String path) {
        JsonValue value = find(path);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString) {
            String text = ((JsonString) value).getString();
            if (text.indexOf('\0') >= 0) {
                errors.add(RequestGuard.nul(path));
                return null;
            }
            return text;
        }
        errors.add(FieldError.translatable(path, "validation.not-string", "must be a string"));
        return null;
    }

    /**
     * @return the whole body, for documents read by the core itself (a GeoJSON FeatureCollection)
     */
    public JsonObject object() {
        return root;
    }

    /**
     * @param name a top-level member
     * @return its value as sent, JSON null included, or {@code null} when absent
     */
    public JsonValue value(String name) {
        return root.get(name);
    }

    /**
     * @param name a top-level field name
     * @return whether the body names it, even with JSON null: for fields where null means
     *         something ("unassign") and absence is a mistake
     */
    public boolean has(String name) {
        return root.containsKey(name);
    }

    /**
     * @param path as for {@link #string}
     * @return the number, or {@code null} if absent or JSON null; a non-number is recorded as an error
     */
    public Double number(String path) {
        JsonValue value = find(path);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNumber) {
            return ((JsonNumber) value).doubleValue();
        }
        errors.add(FieldError.translatable(path, "validation.not-number", "must be a number"));
        return null;
    }

    /**
     * @param path as for {@link #string}
     * @return the boolean, or {@code null} if absent or JSON null; anything else is recorded as an error
     */
    public Boolean bool(String path) {
        JsonValue value = find(path);
        if (value == null) {
            return null;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE || value.getValueType() == JsonValue.ValueType.TRUE
                || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value.getValueType() == JsonValue.ValueType.TRUE;
        }
        errors.add(FieldError.translatable(path, "validation.not-boolean", "must be true or false"));
        return null;
    }

    /**
     * @param name a member of the object
     * @return its array, or {@code null} when it is absent or null; a value of another type is
     *         recorded as an error
     */
    public JsonArray array(String name) {
        JsonValue value = find(name);
        if (value == null) {
            return null;
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            return value.asJsonArray();
        }
        errors.add(FieldError.translatable(name, "validation.not-array", "must be an array"));
        return null;
    }

    /**
     * @throws ValidationException with every type error recorded so far
     */
    public void check() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private JsonValue find(String path) {
        int dot = path.indexOf('.');
        JsonObject parent = root;
        String name = path;
        if (dot > 0) {
            String parentName = path.substring(0, dot);
            JsonValue nested = root.get(parentName);
            if (nested == null || nested == JsonValue.NULL) {
                return null;
            }
            if (nested.getValueType() != JsonValue.ValueType.OBJECT) {
                FieldError error = FieldError.translatable(parentName, "validation.not-object", "must be an object");
                if (!errors.contains(error)) {
                    errors.add(error);
                }
                return null;
            }
            parent = nested.asJsonObject();
            name = path.substring(dot + 1);
        }
        JsonValue value = parent.get(name);
        return value == JsonValue.NULL ? null : value;
    }
}
