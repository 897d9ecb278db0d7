package org.fixmyquarter.core.photo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.media.MediaStore;
import org.fixmyquarter.spi.media.StoredMedia;

/**
 * A media store in a folder, just enough for the photo tests to see which files the photo job
 * really writes and removes (the real stores are tested in their own modules). It can be told to
 * fail every write, as a store that is down would.
 */
final class FolderMediaStore implements MediaStore {

    private final Path root;
    /** When set, put throws it: the store is unreachable. */
    volatile PluginException failPuts;

    FolderMediaStore(Path root) {
        this.root = root;
    }

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("test-folder", "1.0", SpiVersion.VERSION);
    }

    @Override
    public StoredMedia put(String key, String contentType, InputStream content) throws PluginException {
        if (failPuts != null) {
            throw failPuts;
        }
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            long size = Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
            return new StoredMedia(key, contentType, size);
        } catch (IOException e) {
            throw new PluginException("could not write " + key, true, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) throws PluginException {
        Path file = file(key);
        try {
            return Files.exists(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
        } catch (IOException e) {
            throw new PluginException("could not read " + key, true, e);
        }
    }

    @Override
    public boolean delete(String key) throws PluginException {
        try {
            return Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new PluginException("could not delete " + key, true, e);
        }
    }

    /** Stores bytes directly, as the API does with an upload before {@link PhotoService#add}. */
    void write(String key, byte[] bytes) throws IOException {
        Path file = file(key);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    boolean has(String key) {
        return Files.exists(file(key));
    }

    byte[] read(String key) throws IOException {
        return Files.readAllBytes(file(key));
    }

    private Path file(String key) {
        if (!MediaStore.isValidKey(key)) {
            // The job must only ever use keys a real store accepts.
            throw new IllegalArgumentException("invalid media key " + key);
        }
        return root.resolve(key);
    }
}
