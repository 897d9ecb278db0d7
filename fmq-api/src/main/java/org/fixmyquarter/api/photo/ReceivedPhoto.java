package org.fixmyquarter.api.photo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fixmyquarter.core.photo.Upload;
import org.fixmyquarter.imaging.ImageFacts;

/**
 * An upload read into a temporary file and checked by its content; closing it deletes the file.
 *
 * @param file   the temporary file
 * @param facts  what the content was found to be
 * @param size   its length in bytes
 * @param sha256 the SHA-256 of its bytes, lowercase hex, for idempotency keys
 */
public record ReceivedPhoto(Path file, ImageFacts facts, long size, String sha256) implements AutoCloseable {

    /** @return the upload as the core records it */
    public Upload upload() {
        return new Upload(facts.format().name().toLowerCase(java.util.Locale.ROOT), size, facts.width(), facts.height());
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.getLogger(ReceivedPhoto.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not remove the temporary upload " + file, e);
        }
    }
}
