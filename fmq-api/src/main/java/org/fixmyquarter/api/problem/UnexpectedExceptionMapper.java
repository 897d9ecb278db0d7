package org.fixmyquarter.api.problem;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.i18n.Texts;

/**
 * Anything else is our fault: a 500 problem with an incident id that also appears in the log,
 * and no internals in the body.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(Throwable e) {
        Locale locale = texts.locale(headers);
        return Problem.response(500, incident(e, texts, locale), locale).build();
    }

    /**
     * Logs the failure under a new incident id and builds the problem that quotes it.
     *
     * @param e      what failed, or {@code null} if unknown (the container's own 500)
     * @param texts  the translations
     * @param locale the reader's locale
     * @return a 500 problem with the incident id
     */
    static JsonObjectBuilder incident(Throwable e, Texts texts, Locale locale) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error, incident " + incident, e);
        return Problem.body(500, "internal", Problem.title(texts, locale, "internal", "Internal server error"),
                        texts.text(locale, "problem.internal.detail", "The server failed to process the request. "
                                + "Quote incident " + incident + " when reporting it.", List.of(incident)))
                .add("incident", incident);
    }
}
