package org.fixmyquarter.api.tracing;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import org.fixmyquarter.core.Tracing;

/**
 * The core's tracing on the OpenTelemetry instance of Open Liberty's MicroProfile Telemetry. While
 * the SDK is disabled (the default, {@code OTEL_SDK_DISABLED=true}) that instance makes no spans, so
 * this costs a few method calls per event.
 */
@ApplicationScoped
public class OpenTelemetryTracing implements Tracing {

    /** The name of the spans' instrumentation scope. */
    public static final String SCOPE = "org.fixmyquarter";

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    @Inject
    private OpenTelemetry openTelemetry;

    private volatile Tracer tracer;

    /** Early, so that the first events of the start (the administrator's setup) are traced too. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION - 100) @Initialized(ApplicationScoped.class)
                 Object event) {
        tracer = openTelemetry.getTracer(SCOPE);
        Tracing.install(this);
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        Tracing.install(Tracing.NONE);
    }

    @Override
    public String currentTraceparent() {
        return traceparent(io.opentelemetry.api.trace.Span.current().getSpanContext());
    }

    @Override
    public Tracing.Span start(String name, Kind kind, String parent, Map<String, String> attributes) {
        Tracer current = tracer;
        if (current == null) {
            return Tracing.Span.NONE;
        }
        SpanBuilder builder = current.spanBuilder(name).setSpanKind(switch (kind) {
            case CLIENT -> SpanKind.CLIENT;
            case PRODUCER -> SpanKind.PRODUCER;
            case INTERNAL -> SpanKind.INTERNAL;
        });
        if (parent != null) {
            SpanContext remote = parse(parent);
            // A context that cannot be read starts a trace of its own rather than join the thread's.
            builder.setParent(remote == null ? Context.root() : Context.root().with(io.opentelemetry.api.trace.Span.wrap(remote)));
        }
        attributes.forEach(builder::setAttribute);
        return new Started(builder.startSpan());
    }

    /** @return the W3C {@code traceparent} of a span context, or {@code null} if it is not valid */
    static String traceparent(SpanContext context) {
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** @return the span context a {@code traceparent} names, or {@code null} if it is not one */
    static SpanContext parse(String traceparent) {
        Matcher m = TRACEPARENT.matcher(traceparent);
        if (!m.matches()) {
            return null;
        }
        SpanContext context = SpanContext.createFromRemoteParent(m.group(1), m.group(2),
                TraceFlags.fromHex(m.group(3), 0), TraceState.getDefault());
        return context.isValid() ? context : null;
    }

    /** One started span (OpenTelemetry's {@code Span} is spelled out: the name is the core's here). */
    private record Started(io.opentelemetry.api.trace.Span span) implements Tracing.Span {

        @Override
        public String traceparent() {
            return OpenTelemetryTracing.traceparent(span.getSpanContext());
        }

        @Override
        public void failed(String why) {
            span.setStatus(StatusCode.ERROR, why == null ? "failed" : why);
        }

        @Override
        public void close() {
            span.end();
        }
    }
}
