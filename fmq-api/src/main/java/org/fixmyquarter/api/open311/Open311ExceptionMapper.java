package org.fixmyquarter.api.open311;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Writes an {@link Open311Exception} as GeoReport's error document, in the request's format, with
 * its HTTP status.
 */
@Provider
public class Open311ExceptionMapper implements ExceptionMapper<Open311Exception> {

    @Override
    public Response toResponse(Open311Exception e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(e.format().mediaType())
                .entity(Open311Writer.errors(e.format(), e.status(), e.descriptions()));
        e.headers().forEach(response::header);
        return response.build();
    }
}
