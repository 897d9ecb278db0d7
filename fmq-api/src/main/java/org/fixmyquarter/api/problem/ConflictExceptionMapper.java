package org.fixmyquarter.api.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.core.error.ConflictException;

/**
 * 409 for a request that conflicts with the resource's state; the type names the conflict.
 */
@Provider
public class ConflictExceptionMapper implements ExceptionMapper<ConflictException> {

    @Override
    public Response toResponse(ConflictException e) {
        return Problem.response(409, Problem.body(409, e.reason(), "Conflict", e.getMessage())).build();
    }
}
