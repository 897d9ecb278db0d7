package org.fixmyquarter.api.problem;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.core.error.QuotaExceededException;

/**
 * 429 for a used-up quota, with {@code Retry-After} until the next one is allowed.
 */
@Provider
public class QuotaExceededExceptionMapper implements ExceptionMapper<QuotaExceededException> {

    @Inject
    private Texts texts;

    @Inject
    private Clock clock;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(QuotaExceededException e) {
        Locale locale = texts.locale(headers);
        long seconds = Math.max(1, Duration.between(clock.instant(), e.retryAt()).toSeconds());
        return Problem.response(429, Problem.body(429, "quota-exceeded",
                        Problem.title(texts, locale, "quota-exceeded", "Quota used up"),
                        texts.text(locale, e.messageKey(), e.getMessage(), e.messageArgs()))
                        .add("quota", e.quota()), locale)
                .header("Retry-After", Long.toString(seconds))
                .build();
    }
}
