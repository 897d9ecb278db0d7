package org.fixmyquarter.api.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.core.error.ValidationException;

/**
 * 400 with every invalid field listed in {@code errors}.
 */
@Provider
public class ValidationExceptionMapper implements ExceptionMapper<ValidationException> {

    @Override
    public Response toResponse(ValidationException e) {
        String detail = e.errors().size() == 1
                ? "The field '" + e.errors().get(0).field() + "' " + e.errors().get(0).message() + "."
                : e.errors().size() + " fields are invalid: " + e.getMessage() + ".";
        return Problem.response(400, Problem.body(400, "validation", "Invalid request", detail)
                .add("errors", Problem.fieldErrors(e.errors()))).build();
    }
}
