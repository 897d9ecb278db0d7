package org.fixmyquarter.api.open311;

import java.util.List;
import java.util.Map;

/**
 * A refusal in GeoReport's terms: an HTTP status and the errors' descriptions, written as the
 * specification's list of {@code code} + {@code description} in the request's format by
 * {@link Open311ExceptionMapper}.
 */
public class Open311Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Open311Format format;
    private final int status;
    private final List<String> descriptions;
    private final transient Map<String, String> headers;

    /**
     * @param format      the format to answer in
     * @param status      the HTTP status, also each error's {@code code}
     * @param description what is wrong, for the app's developer
     */
    public Open311Exception(Open311Format format, int status, String description) {
        this(format, status, List.of(description), Map.of());
    }

    /**
     * @param format       the format to answer in
     * @param status       the HTTP status, also each error's {@code code}
     * @param descriptions what is wrong, one error each
     * @param headers      headers to send with it, such as {@code Retry-After}
     */
    public Open311Exception(Open311Format format, int status, List<String> descriptions, Map<String, String> headers) {
        super(status + " " + String.join("; ", descriptions), null, false, false);
        this.format = format;
        this.status = status;
        this.descriptions = List.copyOf(descriptions);
        this.headers = Map.copyOf(headers);
    }

    /** @return the format to answer in */
    public Open311Format format() {
        return format;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the errors' descriptions */
    public List<String> descriptions() {
        return descriptions;
    }

    /** @return headers to send with the answer */
    public Map<String, String> headers() {
        return headers;
    }
}
