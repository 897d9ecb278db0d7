package org.fixmyquarter.imaging;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One size of a photo to produce, such as a thumbnail.
 *
 * @param name    what it is called; it also names the file ({@code name + ".jpg"}), so it is
 *                limited to letters, digits, {@code -} and {@code _}
 * @param maxEdge the longest side at most this many pixels, never enlarged; 0 keeps the full size
 */
public record Rendition(String name, int maxEdge) {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * @throws IllegalArgumentException if the name is not a safe file name or maxEdge is negative
     */
    public Rendition {
        Objects.requireNonNull(name, "name");
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "rendition name must be 1 to 64 letters, digits, '-' or '_': " + name);
        }
        if (maxEdge < 0) {
            throw new IllegalArgumentException("maxEdge must be 0 (full size) or positive, was " + maxEdge);
        }
    }
}
