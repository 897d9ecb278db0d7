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
import org.fixmyquarter.core.error.NotFoundException;

/**
 * 404 for a resource the domain does not know.
 */
@Provider
public class NotFoundExceptionMapper implements ExceptionMapper<NotFoundException> {

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(NotFoundException e) {
        Locale locale = texts.locale(headers);
        List<String> args = e.messageArgs();
        String kind = texts.text(locale, "resource." + e.kind().replace(' ', '-'), e.kind(), List.of());
        String detail = texts.text(locale, e.messageKey(), e.getMessage(), List.of(kind, args.get(1)));
        return Problem.response(404, Problem.body(404, "not-found", Problem.title(texts, locale, "not-found", "Not found"),
                detail), locale).build();
    }
}
