package org.fixmyquarter.api.problem;

import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.core.error.ValidationException;

/**
 * 400 with every invalid field listed in {@code errors}, in the reader's language.
 */
@Provider
public class ValidationExceptionMapper implements ExceptionMapper<ValidationException> {

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(ValidationException e) {
        Locale locale = texts.locale(headers);
        return Problem.response(400, Problem.validation(e.errors(), texts, locale), locale).build();
    }
}
