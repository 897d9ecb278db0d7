package org.fixmyquarter.api.open311;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.problem.Problem;

/**
 * Turns every problem document the rest of the API would answer to an Open311 request (the
 * core's validation errors, an unknown path, a wrong method or media type, a bad token, an
 * unexpected failure) into GeoReport's error document in the request's format, keeping the
 * status and headers. So an Open311 client never gets a problem+json, an HTML page or a stack
 * trace, and the existing mappers stay the single place that decides statuses.
 */
@Provider
public class Open311ProblemRewriter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("open311/") || path.startsWith("/open311/")) || response.getMediaType() == null
                || !Problem.MEDIA_TYPE.equals(response.getMediaType().getType() + "/"
                + response.getMediaType().getSubtype())) {
            return;
        }
        Open311Format format = Open311Format.ofPath(path);
        List<String> descriptions = descriptions(response.getEntity());
        response.setEntity(Open311Writer.errors(format, response.getStatus(), descriptions), null,
                MediaType.valueOf(format.mediaType()));
    }

    /** One description per invalid field, or the problem's detail (its title without one). */
    static List<String> descriptions(Object entity) {
        List<String> descriptions = new ArrayList<>();
        if (entity instanceof String text) {
            try (JsonReader reader = JsonBody.JSON.createReader(new StringReader(text))) {
                JsonObject problem = reader.readObject();
                JsonValue errors = problem.get("errors");
                if (errors != null && errors.getValueType() == JsonValue.ValueType.ARRAY) {
                    for (JsonValue error : errors.asJsonArray()) {
                        if (error.getValueType() == JsonValue.ValueType.OBJECT) {
                            JsonObject field = error.asJsonObject();
                            descriptions.add(field.getString("field", "") + " " + field.getString("message", ""));
                        }
                    }
                }
                if (descriptions.isEmpty()) {
                    descriptions.add(problem.getString("detail", problem.getString("title", "The request failed")));
                }
            } catch (RuntimeException e) {
                // Not the JSON the mappers write: say no more than the status does.
            }
        }
        if (descriptions.isEmpty()) {
            descriptions.add("The request failed");
        }
        return descriptions;
    }
}
