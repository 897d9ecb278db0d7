package org.fixmyquarter.api.problem;

import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.i18n.Texts;

/**
 * Sends the problem an API-layer check raised, in the reader's language.
 */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(ProblemException e) {
        Locale locale = texts.locale(headers);
        JsonObjectBuilder body = Problem.body(e.status(), e.type(), Problem.title(texts, locale, e.type(), e.title()),
                texts.text(locale, e.detailKey(), e.getMessage(), e.detailArgs()));
        e.extensions().forEach((name, value) -> {
            if (value instanceof Number) {
                body.add(name, ((Number) value).longValue());
            } else {
                body.add(name, String.valueOf(value));
            }
        });
        Response.ResponseBuilder response = Problem.response(e.status(), body, locale);
        e.headers().forEach(response::header);
        return response.build();
    }
}
