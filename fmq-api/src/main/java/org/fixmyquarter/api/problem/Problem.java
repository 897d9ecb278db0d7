package org.fixmyquarter.api.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
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

    /**
     * @param errors the invalid fields, at least one
     * @param texts  the translations
     * @param locale the reader's locale
     * @return a 400 validation problem naming each field in {@code errors}
     */
    public static JsonObjectBuilder validation(List<FieldError> errors, Texts texts, Locale locale) {
        String detail;
        if (errors.size() == 1) {
            FieldError error = errors.get(0);
            String message = message(error, texts, locale);
            detail = texts.text(locale, "problem.validation.detail.one",
                    "The field '" + error.field() + "' " + message + ".", List.of(error.field(), message));
        } else {
            String fields = errors.stream().map(FieldError::field).distinct().collect(Collectors.joining(", "));
            detail = texts.text(locale, "problem.validation.detail.many",
                    errors.size() + " fields are invalid: " + fields + ".", List.of(errors.size(), fields));
        }
        return body(400, "validation", title(texts, locale, "validation", "Invalid request"), detail)
                .add("errors", fieldErrors(errors, texts, locale));
    }

    /**
     * The problem for an HTTP status alone, when all that is known is the status: the JAX-RS
     * runtime's own errors and the servlet container's.
     *
     * @param status   an error status
     * @param texts    the translations
     * @param locale   the reader's locale
     * @return the problem document, translated
     */
    public static JsonObjectBuilder forStatus(int status, Texts texts, Locale locale) {
        String type;
        String detailKey;
        String detail;
        switch (status) {
            case 400:
                type = "bad-request";
                detailKey = "problem.bad-request.detail";
                detail = "The server could not read this request: its address, headers or body are malformed.";
                break;
            case 401:
                type = "unauthorized";
                detailKey = "problem.unauthorized.detail";
                detail = "Sign in first: send 'Authorization: Bearer <token>' with a token from /api/v1/auth/login.";
                break;
            case 403:
                type = "forbidden";
                detailKey = "problem.forbidden.detail";
                detail = "Your roles do not allow this.";
                break;
            case 404:
                type = "not-found";
                detailKey = "problem.not-found.path";
                detail = "There is no resource at this path.";
                break;
            case 405:
                type = "method-not-allowed";
                detailKey = "problem.method-not-allowed.detail";
                detail = "This resource does not support this HTTP method.";
                break;
            case 406:
                type = "not-acceptable";
                detailKey = "problem.not-acceptable.detail";
                detail = "This resource cannot answer in the formats your Accept header asks for. Resources answer "
                        + "in application/json; the report list also in application/geo+json and text/csv.";
                break;
            case 415:
                type = "unsupported-media-type";
                detailKey = "problem.unsupported-media-type.detail";
                detail = "Send the request body as application/json (Content-Type: application/json).";
                break;
            default:
                type = "http-" + status;
                detailKey = "problem.http.detail";
                detail = "The request failed with HTTP status " + status + ".";
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = title(texts, locale, type, known == null ? "HTTP " + status : known.getReasonPhrase());
        return body(status, type, title, texts.text(locale, detailKey, detail, List.of(status)));
    }

    /**
     * Writes a problem where no JAX-RS runtime does: in servlet filters and error pages.
     *
     * @param response the response, not committed yet
     * @param status   HTTP status
     * @param body     the problem document
     * @param locale   the language its title and detail are written in
     * @throws IOException if the client went away
     */
    public static void write(HttpServletResponse response, int status, JsonObjectBuilder body, Locale locale)
            throws IOException {
        byte[] bytes = body.build().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setHeader(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag());
        response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
