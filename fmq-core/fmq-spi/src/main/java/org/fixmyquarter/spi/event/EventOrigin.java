package org.fixmyquarter.spi.event;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Where the event a plugin is being handed came from, so that a plugin can pass it on to the
 * system it calls and the two sides' logs and traces can be matched: the id of the HTTP request
 * that caused the event (the server's {@code X-Request-Id}), and the W3C {@code traceparent} of the
 * server's span for this delivery when tracing is on.
 *
 * <p>The server sets it on the thread that runs the plugin's {@code deliver}, {@code submit} or
 * {@code statusChanged} for as long as the call lasts, and nowhere else: read it in that call
 * (not in a thread of your own started from it). An event caused by a program or a background job
 * has no request id; a server without tracing gives no {@code traceparent}.
 *
 * <pre>{@code
 * EventOrigin.current().flatMap(EventOrigin::requestId)
 *         .ifPresent(id -> request.header(EventOrigin.REQUEST_ID_HEADER, id));
 * }</pre>
 *
 * @since SPI 1.6
 */
public final class EventOrigin {

    /** The HTTP header the server uses for the request id, for plugins that call over HTTP. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** The W3C Trace Context header (and AMQP message header) name. */
    public static final String TRACEPARENT_HEADER = "traceparent";

    private static final ThreadLocal<EventOrigin> CURRENT = new ThreadLocal<>();
    /** What a header may carry, so a plugin can copy it into a request as it is. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final String requestId;
    private final String traceparent;

    /**
     * @param requestId   the id of the request that caused the event, or {@code null}; anything but
     *                    a plain token of up to 64 letters, digits and {@code ._:-} counts as none
     * @param traceparent the W3C {@code traceparent} of the delivery, or {@code null}; anything but a
     *                    plain token counts as none
     */
    public EventOrigin(String requestId, String traceparent) {
        this.requestId = requestId != null && PLAIN.matcher(requestId).matches() ? requestId : null;
        this.traceparent = traceparent != null && PLAIN.matcher(traceparent).matches() ? traceparent : null;
    }

    /** @return the id of the HTTP request that caused the event, if a request did */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** @return the W3C {@code traceparent} to send with the call the plugin makes, if the server traces */
    public Optional<String> traceparent() {
        return Optional.ofNullable(traceparent);
    }

    /** @return the origin of the event this thread is delivering, if it is delivering one */
    public static Optional<EventOrigin> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Runs a call with this origin as {@link #current()}; the server does this around each call of
     * a plugin. Plugins have no need of it, but a test kit may use it.
     *
     * @param <T>  what the call returns
     * @param call the work
     * @return what the call returned
     * @throws Exception what the call threw
     */
    public <T> T during(Callable<T> call) throws Exception {
        EventOrigin outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return call.call();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    @Override
    public String toString() {
        return "EventOrigin[requestId=" + requestId + ", traceparent=" + traceparent + "]";
    }
}
