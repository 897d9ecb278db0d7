package org.fixmyquarter.api.problem;

import java.util.Map;

/**
 * An error found by the API layer itself (not the domain), carrying the problem to send.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final transient Map<String, String> headers;

    /**
     * @param status  HTTP status
     * @param type    the last part of the problem type
     * @param title   short, the same for every occurrence of this type
     * @param detail  what went wrong this time
     * @param headers extra response headers, such as {@code Retry-After}
     */
    public ProblemException(int status, String type, String title, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    /**
     * @param detail what is wrong with the body
     * @return a 400 for a body that is not a JSON object
     */
    public static ProblemException malformedJson(String detail) {
        return new ProblemException(400, "malformed-json", "Malformed JSON", detail, Map.of());
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the last part of the problem type */
    public String type() {
        return type;
    }

    /** @return the problem title */
    public String title() {
        return title;
    }

    /** @return extra response headers */
    public Map<String, String> headers() {
        return headers;
    }
}
