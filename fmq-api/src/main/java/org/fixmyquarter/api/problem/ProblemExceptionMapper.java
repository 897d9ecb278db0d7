package org.fixmyquarter.api.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Sends the problem an API-layer check raised.
 */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Override
    public Response toResponse(ProblemException e) {
        Response.ResponseBuilder response = Problem.response(e.status(),
                Problem.body(e.status(), e.type(), e.title(), e.getMessage()));
        e.headers().forEach(response::header);
        return response.build();
    }
}
