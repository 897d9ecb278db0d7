package org.fixmyquarter.api.problem;

import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.core.error.ForbiddenException;

/**
 * 403 for a change of something the caller does not own.
 */
@Provider
public class ForbiddenExceptionMapper implements ExceptionMapper<ForbiddenException> {

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(ForbiddenException e) {
        Locale locale = texts.locale(headers);
        return Problem.response(403, Problem.body(403, "forbidden", Problem.title(texts, locale, "forbidden", "Forbidden"),
                texts.text(locale, e.messageKey(), e.getMessage(), e.messageArgs())), locale).build();
    }
}
