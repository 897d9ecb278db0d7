package org.fixmyquarter.core;

/**
 * The id of the request a thread is serving, for the events it causes: the outbox keeps it with
 * each event (as {@code requestId} of the event's envelope) and the dispatcher sends it on to
 * webhooks as {@code X-Request-Id}, so that a receiver's logs and the server's can be matched.
 * Whoever serves the request sets it (the REST API's request filter) and clears it afterwards;
 * events caused by a program or a background job have none.
 */
public final class RequestContext {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestContext() {
    }

    /** @param id the id of the request this thread now serves, or {@code null} for none */
    public static void set(String id) {
        if (id == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(id);
        }
    }

    /** @return the id of the request this thread serves, or {@code null} */
    public static String current() {
        return CURRENT.get();
    }
}
