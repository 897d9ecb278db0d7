package org.fixmyquarter.api.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.core.error.NotFoundException;

/**
 * 404 for a resource the domain does not know.
 */
@Provider
public class NotFoundExceptionMapper implements ExceptionMapper<NotFoundException> {

    @Override
    public Response toResponse(NotFoundException e) {
        return Problem.response(404, Problem.body(404, "not-found", "Not found", e.getMessage())).build();
    }
}
