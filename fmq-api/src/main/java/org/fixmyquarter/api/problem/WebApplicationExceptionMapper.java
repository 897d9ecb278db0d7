package org.fixmyquarter.api.problem;

import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.i18n.Texts;

/**
 * Errors the JAX-RS runtime raises before a resource runs (unknown path, wrong method, unsupported
 * content type, unacceptable media type) as problem documents with the same status.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail;
        String type;
        String detailKey;
        switch (status) {
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
                detailKey = null;
                detail = e.getMessage();
        }
        Locale locale = texts.locale(headers);
        title = Problem.title(texts, locale, type, title);
        detail = texts.text(locale, detailKey, detail, List.of());
        Response.ResponseBuilder response = Problem.response(status, Problem.body(status, type, title, detail), locale);
        // Keep Allow on 405 and similar headers the runtime set.
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }
}
