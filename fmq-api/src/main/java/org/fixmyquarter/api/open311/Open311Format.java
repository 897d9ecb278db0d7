package org.fixmyquarter.api.open311;

import java.util.Locale;

/**
 * The two formats of GeoReport v2, chosen by the suffix of the path ({@code requests.json},
 * {@code requests.xml}).
 */
public enum Open311Format {
    /** {@code .json}: arrays and objects as the specification's JSON examples. */
    JSON("json", "application/json; charset=UTF-8"),
    /** {@code .xml}: elements as the specification's XML examples, written with StAX. */
    XML("xml", "text/xml; charset=UTF-8");

    private final String suffix;
    private final String mediaType;

    Open311Format(String suffix, String mediaType) {
        this.suffix = suffix;
        this.mediaType = mediaType;
    }

    /** @return the {@code Content-Type} of its answers */
    public String mediaType() {
        return mediaType;
    }

    /**
     * @param suffix what follows the last dot of the path, as the client wrote it
     * @return the format
     * @throws Open311Exception (400, in JSON) if it is neither {@code json} nor {@code xml}
     */
    public static Open311Format of(String suffix) {
        String lower = suffix == null ? "" : suffix.toLowerCase(Locale.ROOT);
        for (Open311Format format : values()) {
            if (format.suffix.equals(lower)) {
                return format;
            }
        }
        throw new Open311Exception(JSON, 400, "The format '" + suffix + "' is not served: end the path with .json or "
                + ".xml");
    }

    /**
     * The format an error about a request to this path is written in: XML when the path asks for
     * XML, JSON otherwise (an unknown suffix, no suffix at all).
     *
     * @param path a request path
     * @return the format
     */
    public static Open311Format ofPath(String path) {
        return path != null && path.toLowerCase(Locale.ROOT).endsWith(".xml") ? XML : JSON;
    }
}
