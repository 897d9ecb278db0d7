package org.fixmyquarter.api.problem;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.core.error.FieldError;
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
        List<FieldError> errors = e.errors();
        String detail;
        if (errors.size() == 1) {
            FieldError error = errors.get(0);
            String message = Problem.message(error, texts, locale);
            detail = texts.text(locale, "problem.validation.detail.one",
                    "The field '" + error.field() + "' " + message + ".", List.of(error.field(), message));
        } else {
            String fields = errors.stream().map(FieldError::field).distinct().collect(Collectors.joining(", "));
            detail = texts.text(locale, "problem.validation.detail.many",
                    errors.size() + " fields are invalid: " + fields + ".", List.of(errors.size(), fields));
        }
        return Problem.response(400, Problem.body(400, "validation",
                        Problem.title(texts, locale, "validation", "Invalid request"), detail)
                .add("errors", Problem.fieldErrors(errors, texts, locale)), locale).build();
    }
}
