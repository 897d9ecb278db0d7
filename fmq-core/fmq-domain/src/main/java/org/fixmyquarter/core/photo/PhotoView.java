package org.fixmyquarter.core.photo;

import java.util.List;
import java.util.Objects;

/**
 * A photo with the files a reader may be shown.
 *
 * @param photo the photo
 * @param files its files the reader may fetch: thumbnail, medium, original, unredacted, in that
 *              order, those that exist
 */
public record PhotoView(Photo photo, List<PhotoFile> files) {

    /**
     * Copies the list.
     */
    public PhotoView {
        Objects.requireNonNull(photo, "photo");
        files = List.copyOf(files);
    }
}
