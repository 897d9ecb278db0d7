package org.fixmyquarter.api.transaction;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

import org.fixmyquarter.api.tracing.OpenTelemetryTracing;
import org.fixmyquarter.core.RequestContext;
import org.fixmyquarter.core.Tracing;

/**
 * A span for each call of a transactional bean made inside a traced request, named after the bean
 * and method ({@code ReportTransactions.create}): the use case, its transaction and the commit. It
 * is outside the transaction interceptor (whose priority is {@code PLATFORM_BEFORE + 200}) so that
 * the commit counts, and current while the method runs, so that the outbox events it records are
 * its children. Calls outside a request (the event dispatcher's rounds) make no span: each round
 * would be a trace of its own; their deliveries have spans of their own.
 *
 * <p>It also writes the request id ({@code X-Request-Id}, on every log line of the request) as the
 * attribute {@code fmq.request_id} of its span and of the request's span, which is current here:
 * the trace of a log line is found by that id.
 */
@TransactionSpan
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 180)
public class TransactionSpanInterceptor {

    @Inject
    private OpenTelemetry openTelemetry;

    @AroundInvoke
    Object invoke(InvocationContext context) throws Exception {
        if (!Span.current().getSpanContext().isValid()) {
            return context.proceed();
        }
        Class<?> bean = context.getMethod().getDeclaringClass();
        var builder = openTelemetry.getTracer(OpenTelemetryTracing.SCOPE)
                .spanBuilder(bean.getSimpleName() + "." + context.getMethod().getName())
                .setAttribute("code.namespace", bean.getName())
                .setAttribute("code.function", context.getMethod().getName());
        String requestId = RequestContext.current();
        if (requestId != null) {
            Span.current().setAttribute(Tracing.REQUEST_ID, requestId);
            builder.setAttribute(Tracing.REQUEST_ID, requestId);
        }
        Span span = builder.startSpan();
        try (Scope scope = span.makeCurrent()) {
            return context.proceed();
        } catch (RuntimeException e) {
            // A client's mistake (a 4xx) is the request's outcome, not a fault of the transaction.
            if (!ClientErrors.isClientError(e)) {
                span.recordException(e);
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            } else {
                span.setAttribute("fmq.client_error", e.getClass().getSimpleName());
            }
            throw e;
        } finally {
            span.end();
        }
    }
}
