package org.fixmyquarter.api.problem;

import java.util.List;
import java.util.Locale;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.core.error.FieldError;

/**
 * Builds {@code application/problem+json} responses.
 */
public final class Problem {

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Prefix of every problem type we define; stable, documented in the OpenAPI document. */
    public static final String TYPE_PREFIX = "urn:fixmyquarter:problem:";

    private Problem() {
    }

    /**
     * @param status HTTP status
     * @param type   the last part of the problem type, e.g. {@code validation}
     * @param title  short, the same for every occurrence of this type
     * @param detail what went wrong this time, for a person
     * @return a builder to add extension members to
     */
    public static JsonObjectBuilder body(int status, String type, String title, String detail) {
        JsonObjectBuilder body = JsonBody.JSON.createObjectBuilder()
                .add("type", TYPE_PREFIX + type)
                .add("title", title)
                .add("status", status);
        if (detail != null) {
            body.add("detail", detail);
        }
        return body;
    }

    /**
     * @param status HTTP status
     * @param body   the problem document
     * @return the response, with the problem media type
     */
    public static Response.ResponseBuilder response(int status, JsonObjectBuilder body) {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(body.build().toString());
    }

    /**
     * @param status HTTP status
     * @param body   the problem document
     * @param locale the language its title and detail are written in
     * @return the response, with the problem media type and {@code Content-Language}
     */
    public static Response.ResponseBuilder response(int status, JsonObjectBuilder body, Locale locale) {
        return response(status, body).header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
    }

    /**
     * @param errors field errors
     * @param texts  the translations
     * @param locale the reader's locale
     * @return them as an {@code errors} array of {@code {field, message}} objects, messages translated
     */
    public static JsonArrayBuilder fieldErrors(List<FieldError> errors, Texts texts, Locale locale) {
        JsonArrayBuilder array = JsonBody.JSON.createArrayBuilder();
        for (FieldError error : errors) {
            array.add(JsonBody.JSON.createObjectBuilder().add("field", error.field())
                    .add("message", message(error, texts, locale)));
        }
        return array;
    }

    /**
     * @param error  a field error
     * @param texts  the translations
     * @param locale the reader's locale
     * @return its message in the reader's language, or English
     */
    public static String message(FieldError error, Texts texts, Locale locale) {
        return texts.text(locale, error.messageKey(), error.message(), error.args());
    }

    /**
     * @param texts    the translations
     * @param locale   the reader's locale
     * @param type     the last part of the problem type
     * @param fallback the English title
     * @return the title of that problem type in the reader's language
     */
    public static String title(Texts texts, Locale locale, String type, String fallback) {
        return texts.text(locale, "problem." + type + ".title", fallback, List.of());
    }
}
