package org.fixmyquarter.core;

import java.util.Map;
import java.util.Objects;

/**
 * The core's door to distributed tracing (OpenTelemetry in the server), without depending on a
 * tracing library: the outbox records, with each event, the trace context of the span that caused
 * it, and the event dispatcher opens a span per delivery in that trace and hands its
 * {@code traceparent} to the webhook or plugin it calls (docs/operations.md, "Traces").
 *
 * <p>Trace contexts travel as W3C {@code traceparent} strings. Until something
 * {@linkplain #install(Tracing) installs} an implementation, {@link #NONE} makes no span and
 * costs nothing; the server installs one backed by MicroProfile Telemetry, and an embedder may
 * install its own.
 */
public interface Tracing {

    /** The span attribute with the id of the request that caused the work ({@link RequestContext}). */
    String REQUEST_ID = "fmq.request_id";

    /** No spans, no trace context: the default. */
    Tracing NONE = new Tracing() {
        @Override
        public String currentTraceparent() {
            return null;
        }

        @Override
        public Span start(String name, Kind kind, String parent, Map<String, String> attributes) {
            return Span.NONE;
        }
    };

    /** What a span stands for, as OpenTelemetry's span kinds. */
    enum Kind {
        /** Work inside this server. */
        INTERNAL,
        /** A call this server makes to another system and waits for. */
        CLIENT,
        /** A message this server leaves for later delivery (an outbox event). */
        PRODUCER
    }

    /**
     * @return the W3C {@code traceparent} of the span current on this thread, or {@code null} when
     *         no span is (or tracing is off)
     */
    String currentTraceparent();

    /**
     * Starts a span; close it when the work ends.
     *
     * @param name       what the span is, for example {@code deliver webhook/abc}
     * @param kind       what kind of work
     * @param parent     the {@code traceparent} of the parent span (an event's, kept in the outbox),
     *                   or {@code null} for the span current on this thread, or a new trace if none
     * @param attributes attributes of the span
     * @return the span, never {@code null}
     */
    Span start(String name, Kind kind, String parent, Map<String, String> attributes);

    /** A started span. */
    interface Span extends AutoCloseable {

        /** A span that records nothing. */
        Span NONE = new Span() {
            @Override
            public String traceparent() {
                return null;
            }

            @Override
            public void failed(String why) {
            }

            @Override
            public void close() {
            }
        };

        /** @return its W3C {@code traceparent}, to pass to whom it calls, or {@code null} if it records nothing */
        String traceparent();

        /** @param why what went wrong, set as the span's error status */
        void failed(String why);

        /** Ends the span. */
        @Override
        void close();
    }

    /** @return the installed tracing, {@link #NONE} if none */
    static Tracing installed() {
        return InstalledTracing.current;
    }

    /**
     * Installs the tracing the core uses from now on, in the whole class loader.
     *
     * @param tracing the implementation, or {@link #NONE}
     */
    static void install(Tracing tracing) {
        InstalledTracing.current = Objects.requireNonNull(tracing, "tracing");
    }
}

/** Where {@link Tracing#install(Tracing)} keeps it: an interface can hold no field that changes. */
final class InstalledTracing {

    static volatile Tracing current = Tracing.NONE;

    private InstalledTracing() {
    }
}
