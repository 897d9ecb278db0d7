package org.fixmyquarter.api.problem;

import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.core.error.ConflictException;

/**
 * 409 for a request that conflicts with the resource's state; the type names the conflict.
 */
@Provider
public class ConflictExceptionMapper implements ExceptionMapper<ConflictException> {

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(ConflictException e) {
        Locale locale = texts.locale(headers);
        String detail = texts.text(locale, e.messageKey(), e.getMessage(), e.messageArgs());
        return Problem.response(409, Problem.body(409, e.reason(), Problem.title(texts, locale, e.reason(), "Conflict"),
                detail), locale).build();
    }
}
