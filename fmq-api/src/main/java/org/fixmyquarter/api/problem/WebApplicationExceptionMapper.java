package org.fixmyquarter.api.problem;

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
        Locale locale = texts.locale(headers);
        // The runtime's own message names its classes and methods: never shown to clients.
        Response.ResponseBuilder response = Problem.response(status, Problem.forStatus(status, texts, locale), locale);
        // Keep Allow on 405 and similar headers the runtime set.
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }
}
