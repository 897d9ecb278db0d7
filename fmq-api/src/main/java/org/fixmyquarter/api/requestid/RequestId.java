package org.fixmyquarter.api.requestid;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fixmyquarter.core.RequestContext;

/**
 * What identifies a request in the logs, and where it comes from: a client's or load balancer's
 * {@code X-Request-Id} when it is a plain token, else the trace id of a W3C {@code traceparent},
 * else a new random id of the same shape as a trace id. Anything else a client sends is ignored,
 * so that nobody can write arbitrary text into the server's logs.
 */
public final class RequestId {

    /** The request and response header. */
    public static final String HEADER = "X-Request-Id";

    /** The W3C Trace Context header. */
    public static final String TRACEPARENT = "traceparent";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern TRACE = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String NO_TRACE = "0".repeat(32);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestId() {
    }

    /**
     * @param requestIdHeader the request's {@code X-Request-Id}, or {@code null}
     * @param traceparent     the request's {@code traceparent}, or {@code null}
     * @return the id the request goes by
     */
    public static String of(String requestIdHeader, String traceparent) {
        if (requestIdHeader != null && TOKEN.matcher(requestIdHeader.strip()).matches()) {
            return requestIdHeader.strip();
        }
        if (traceparent != null) {
            Matcher trace = TRACE.matcher(traceparent.strip());
            if (trace.matches() && !NO_TRACE.equals(trace.group(1))) {
                return trace.group(1);
            }
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** @return the id of the request this thread serves, or {@code null} outside one */
    public static String current() {
        return RequestContext.current();
    }

    /** The core keeps it with the events the request causes, which webhooks then receive. */
    static void set(String id) {
        RequestContext.set(id);
    }
}
