package org.fixmyquarter.api.problem;

import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.fixmyquarter.api.http.JsonBody;
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
     * @param errors field errors
     * @return them as an {@code errors} array of {@code {field, message}} objects
     */
    public static JsonArrayBuilder fieldErrors(List<FieldError> errors) {
        JsonArrayBuilder array = JsonBody.JSON.createArrayBuilder();
        for (FieldError error : errors) {
            array.add(JsonBody.JSON.createObjectBuilder().add("field", error.field()).add("message", error.message()));
        }
        return array;
    }
}
