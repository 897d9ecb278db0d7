package org.fixmyquarter.api.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final String detailKey;
    private final transient List<Object> detailArgs;
    private final transient Map<String, Object> extensions;

    /**
     * @param status  HTTP status
     * @param type    the last part of the problem type
     * @param title   short, the same for every occurrence of this type
     * @param detail  what went wrong this time
     * @param headers extra response headers, such as {@code Retry-After}
     */
    public ProblemException(int status, String type, String title, String detail, Map<String, String> headers) {
        this(status, type, title, detail, headers, null, List.of());
    }

    /**
     * A problem whose detail language packs translate; the title is translated by the key
     * {@code problem.<type>.title}.
     *
     * @param status     HTTP status
     * @param type       the last part of the problem type
     * @param title      the title in English
     * @param detail     the detail in English
     * @param headers    extra response headers
     * @param detailKey  the language-pack key of the detail
     * @param detailArgs the values of its placeholders
     */
    public ProblemException(int status, String type, String title, String detail, Map<String, String> headers,
                            String detailKey, List<Object> detailArgs) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
        this.detailKey = detailKey;
        this.detailArgs = List.copyOf(detailArgs);
        this.extensions = new LinkedHashMap<>();
    }

    /**
     * @param detail    what is wrong with the body, in English
     * @param detailKey its language-pack key
     * @param args      the values of its placeholders
     * @return a 400 for a body that is not a JSON object
     */
    public static ProblemException malformedJson(String detail, String detailKey, Object... args) {
        return new ProblemException(400, "malformed-json", "Malformed JSON", detail, Map.of(), detailKey,
                List.of(args));
    }

    /**
     * Adds a member to the problem document, such as the {@code limit} an upload passed, so that
     * a program can read what a person reads in the detail.
     *
     * @param name  the member's name
     * @param value a number or a text
     * @return this problem
     */
    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    /** @return the members added to the problem document */
    public Map<String, Object> extensions() {
        return Collections.unmodifiableMap(extensions);
    }

    /** @return the language-pack key of the detail, or {@code null} */
    public String detailKey() {
        return detailKey;
    }

    /** @return the values of the detail's placeholders */
    public List<Object> detailArgs() {
        return detailArgs;
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
