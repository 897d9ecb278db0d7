package org.fixmyquarter.api.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Errors the JAX-RS runtime raises before a resource runs (unknown path, wrong method, unsupported
 * content type, unacceptable media type) as problem documents with the same status.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail;
        String type;
        switch (status) {
            case 404:
                type = "not-found";
                detail = "There is no resource at this path.";
                break;
            case 405:
                type = "method-not-allowed";
                detail = "This resource does not support this HTTP method.";
                break;
            case 406:
                type = "not-acceptable";
                detail = "This resource answers in application/json; adjust the Accept header.";
                break;
            case 415:
                type = "unsupported-media-type";
                detail = "Send the request body as application/json (Content-Type: application/json).";
                break;
            default:
                type = "http-" + status;
                detail = e.getMessage();
        }
        Response.ResponseBuilder response = Problem.response(status, Problem.body(status, type, title, detail));
        // Keep Allow on 405 and similar headers the runtime set.
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }
}
