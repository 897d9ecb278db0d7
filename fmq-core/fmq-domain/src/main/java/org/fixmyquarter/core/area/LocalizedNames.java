package org.fixmyquarter.core.area;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.internal.Outbox;

/**
 * A name per language, as areas and bodies have: read from a request (an object of language tag
 * to name, or a plain string in the deployment's default language), stored as JSON text, and
 * picked for a reader. One place, so that an area and a body are named by the same rules.
 */
public final class LocalizedNames {

    /** Longest name in one language, in characters. */
    public static final int NAME_MAX = 200;
    /** Longest set of names, as stored JSON text, in characters: the audit entry must hold it. */
    public static final int NAMES_MAX = 3_000;

    private LocalizedNames() {
    }

    /**
     * Reads names from a request.
     *
     * @param value           an object of language tag to name, or a string (a name in {@code defaultLanguage})
     * @param defaultLanguage the language of a plain string
     * @param path            the field named in errors
     * @param errors          where a refusal is added
     * @return the names, stripped, by language tag in the order given; {@code null} after adding an error
     */
    public static Map<String, String> parse(JsonValue value, Locale defaultLanguage, String path,
                                            List<FieldError> errors) {
        Map<String, String> names = new LinkedHashMap<>();
        if (value instanceof JsonString) {
            names.put(defaultLanguage.toLanguageTag(), ((JsonString) value).getString());
        } else if (value != null && value.getValueType() == JsonValue.ValueType.OBJECT) {
            for (Map.Entry<String, JsonValue> e : value.asJsonObject().entrySet()) {
                Locale tag = Locale.forLanguageTag(e.getKey());
                if (tag.getLanguage().isEmpty() || !tag.toLanguageTag().equalsIgnoreCase(e.getKey())) {
                    errors.add(new FieldError(path + "." + e.getKey(), "is not a language tag such as en or fr-CA"));
                    return null;
                }
                if (!(e.getValue() instanceof JsonString)) {
                    errors.add(new FieldError(path + "." + e.getKey(), "must be a string"));
                    return null;
                }
                names.put(tag.toLanguageTag(), ((JsonString) e.getValue()).getString());
            }
        } else {
            errors.add(new FieldError(path, "is required: a name, or an object of language tag to name"));
            return null;
        }
        if (names.isEmpty()) {
            errors.add(new FieldError(path, "needs at least one name"));
            return null;
        }
        for (Map.Entry<String, String> e : names.entrySet()) {
            String name = e.getValue().strip();
            if (name.isEmpty() || name.length() > NAME_MAX || name.indexOf('\0') >= 0) {
                errors.add(new FieldError(path, "a name must be 1 to " + NAME_MAX + " characters"));
                return null;
            }
            e.setValue(name);
        }
        if (toJson(names).length() > NAMES_MAX) {
            errors.add(new FieldError(path, "the names together must stay under " + NAMES_MAX + " characters"));
            return null;
        }
        return names;
    }

    /**
     * @param names names by language tag
     * @return them as the JSON text stored in a {@code names} column
     */
    public static String toJson(Map<String, String> names) {
        return object(names).toString();
    }

    /**
     * @param names names by language tag
     * @return them as a JSON object
     */
    public static JsonObject object(Map<String, String> names) {
        JsonObjectBuilder json = Outbox.JSON.createObjectBuilder();
        names.forEach(json::add);
        return json.build();
    }

    /**
     * @param json the JSON text of a {@code names} column
     * @return the names by language tag, in the order they were given
     */
    public static Map<String, String> read(String json) {
        Map<String, String> result = new LinkedHashMap<>();
        try (JsonReader reader = Outbox.JSON.createReader(new StringReader(json))) {
            for (Map.Entry<String, JsonValue> e : reader.readObject().entrySet()) {
                result.put(e.getKey(), ((JsonString) e.getValue()).getString());
            }
        }
        return result;
    }

    /**
     * The name for a reader: the one of their language tag, else of its language alone ({@code fr}
     * for {@code fr-CA}), else of the fallback language, else the first given.
     *
     * @param all      names by language tag, at least one
     * @param reader   the reader's language, or {@code null}
     * @param fallback the deployment's default language, or {@code null}
     * @return a name, never {@code null}
     */
    public static String pick(Map<String, String> all, Locale reader, Locale fallback) {
        for (Locale locale : new Locale[] {reader, fallback}) {
            if (locale == null) {
                continue;
            }
            String tag = locale.toLanguageTag().toLowerCase(Locale.ROOT);
            String language = locale.getLanguage();
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (e.getKey().toLowerCase(Locale.ROOT).equals(tag)) {
                    return e.getValue();
                }
            }
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (Locale.forLanguageTag(e.getKey()).getLanguage().equals(language)) {
                    return e.getValue();
                }
            }
        }
        return all.values().iterator().next();
    }
}
