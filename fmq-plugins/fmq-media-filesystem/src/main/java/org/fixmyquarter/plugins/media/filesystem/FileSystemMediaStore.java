package org.fixmyquarter.plugins.media.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.media.MediaStore;
import org.fixmyquarter.spi.media.StoredMedia;

/**
 * Keeps each file under a root folder ({@code fmq.plugin.filesystem.root}, default {@code media}
 * under the working directory), at the path its key names: {@code reports/ab/photo-1.jpg} is
 * {@code <root>/reports/ab/photo-1.jpg}.
 *
 * <p>A file is written to a temporary file in its own folder and then moved over its key in one
 * step, so a reader sees the old file or the new one, and an upload that breaks off, or a crash,
 * leaves the key as it was. Keys are checked with {@link MediaStore#isValidKey(String)} and must
 * lead inside the root once normalised. The store's order is 0, as for every built-in plugin, so
 * any other active store (the S3 one, when configured) takes its place. Thread-safe.
 */
public final class FileSystemMediaStore implements MediaStore {

    /** The store's plugin id, also the prefix of its settings: {@code fmq.plugin.filesystem.*}. */
    public static final String ID = "filesystem";

    /** The root folder, relative to the working directory, when {@code root} is not set. */
    static final String DEFAULT_ROOT = "media";

    private static final Logger LOG = System.getLogger(FileSystemMediaStore.class.getName());

    /** Temporary files start with this, so that they sort apart from stored files in a listing. */
    private static final String TEMP_PREFIX = ".upload-";

    /** The server's backup leaves out {@code *.tmp} files, so an upload in progress is not copied. */
    private static final String TEMP_SUFFIX = ".tmp";

    private static final int BUFFER = 64 * 1024;

    /** A concurrent delete may remove a folder between its creation and the temporary file's. */
    private static final int FOLDER_ATTEMPTS = 3;

    private final PluginDescriptor descriptor = new PluginDescriptor(ID,
            PluginDescriptor.implementationVersion(FileSystemMediaStore.class), SpiVersion.VERSION);

    private volatile Path root;

    /**
     * Creates the store; {@link #init(PluginConfig)} gives it its folder. Called by
     * {@link java.util.ServiceLoader}.
     */
    public FileSystemMediaStore() {
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Creates the root folder if needed and checks that the server can write into it.
     *
     * @param config the settings {@code fmq.plugin.filesystem.*}
     * @throws PluginException if the root is not a folder the server can write to
     */
    @Override
    public void init(PluginConfig config) throws PluginException {
        Path folder = rootOf(config);
        String setting = config.nameOf("root");
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw new PluginException("the setting " + setting + " names '" + folder
                    + "', which is a file, not a folder", false, e);
        } catch (IOException | SecurityException e) {
            throw new PluginException("cannot create the media folder '" + folder + "' (" + setting + "): "
                    + e, false, e);
        }
        if (!Files.isWritable(folder)) {
            throw new PluginException("the server may not write into the media folder '" + folder + "' ("
                    + setting + "); give its user write access or choose another folder", false, null);
        }
        root = folder;
        LOG.log(Level.INFO, () -> "File-system media store ready in " + folder);
    }

    /**
     * @return 0, as every built-in plugin: any other active store takes precedence
     */
    @Override
    public int order() {
        return 0;
    }

    @Override
    public StoredMedia put(String key, String contentType, InputStream content) throws PluginException {
        Path target = resolve(key);
        Path temp = createTempBeside(target, key);
        try {
            long size = copy(content, temp, key);
            move(temp, target);
            return new StoredMedia(key, contentType, size);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not remove the temporary file " + temp + ": " + e);
            }
        }
    }

    @Override
    public Optional<InputStream> open(String key) throws PluginException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            // Deleted since the check above.
            return Optional.empty();
        } catch (IOException e) {
            throw new PluginException("cannot read the media file '" + key + "' in " + root + ": " + e, true, e);
        }
    }

    @Override
    public boolean delete(String key) throws PluginException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        boolean deleted;
        try {
            deleted = Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new PluginException("cannot delete the media file '" + key + "' in " + root + ": " + e, true, e);
        }
        removeEmptyFolders(file.getParent());
        return deleted;
    }

    /**
     * The root folder the settings name, absolute and normalised; not created.
     *
     * @param config the settings
     * @return the folder
     * @throws PluginException if the setting is not a path
     */
    static Path rootOf(PluginConfig config) throws PluginException {
        String value = config.get("root", DEFAULT_ROOT).trim();
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new PluginException("the setting " + config.nameOf("root") + " is not a folder path: '" + value
                    + "' (" + e.getMessage() + ")", false, e);
        }
    }

    /**
     * The path of a key, refusing one that is malformed or would lead outside the root: the
     * pattern check alone would still let a file system with other separators or aliases surprise
     * us, so the normalised result is checked as well.
     */
    private Path resolve(String key) throws PluginException {
        Path base = root;
        if (base == null) {
            throw new PluginException("the file-system media store is not initialised", false, null);
        }
        if (!MediaStore.isValidKey(key)) {
            throw refused(key);
        }
        Path path;
        try {
            path = base.resolve(key).normalize();
        } catch (InvalidPathException e) {
            throw refused(key);
        }
        // A key must also be its own normal form ("a/./b", "a//b" and "a/" are not), so that
        // two keys never name one file.
        if (!path.startsWith(base) || !base.relativize(path).toString().equals(key)) {
            throw refused(key);
        }
        return path;
    }

    private static PluginException refused(String key) {
        return new PluginException("refused the media key '" + key + "': keys are 1 to 200 letters, digits, "
                + "'-', '_', '.' and '/', and must name a file inside the media folder", false, null);
    }

    private Path createTempBeside(Path target, String key) throws PluginException {
        Path folder = target.getParent();
        IOException last = null;
        for (int attempt = 0; attempt < FOLDER_ATTEMPTS; attempt++) {
            try {
                Files.createDirectories(folder);
                return Files.createTempFile(folder, TEMP_PREFIX, TEMP_SUFFIX);
            } catch (NoSuchFileException e) {
                last = e;
            } catch (FileAlreadyExistsException e) {
                throw new PluginException("cannot store '" + key + "': a file is in the way of the folder " + e.getFile()
                        + "; use another key", false, e);
            } catch (IOException e) {
                throw new PluginException("cannot store '" + key + "' in " + root + ": " + e, true, e);
            }
        }
        throw new PluginException("cannot store '" + key + "': its folder keeps disappearing: " + last, true, last);
    }

    /**
     * Copies the stream into the temporary file and forces it to the disk, so that the move
     * which follows never publishes a file whose bytes a crash could still lose.
     */
    private long copy(InputStream content, Path temp, String key) throws PluginException {
        long size = 0;
        byte[] bytes = new byte[BUFFER];
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            while (true) {
                int count;
                try {
                    count = content.read(bytes);
                } catch (IOException e) {
                    // The stream is gone: trying again later cannot read it anew.
                    throw new PluginException("the upload of '" + key + "' broke off after " + size
                            + " bytes, nothing was stored: " + e, false, e);
                }
                if (count < 0) {
                    break;
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, count);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                size += count;
            }
            out.force(true);
            return size;
        } catch (IOException e) {
            throw new PluginException("cannot write '" + key + "' into " + root + " (disk full?): " + e, true, e);
        }
    }

    private void move(Path temp, Path target) throws PluginException {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same folder, so only an exotic file system gets here; a plain replace is the best it offers.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PluginException("cannot store the file at " + target + ": " + e, !(e instanceof
                    DirectoryNotEmptyException), e);
        }
    }

    /**
     * Removes the folders a delete left empty, up to the root, so that a store of many reports
     * does not keep a folder per removed one. Stops at the first folder that is not empty; a
     * concurrent put that loses its folder here creates it again.
     */
    private void removeEmptyFolders(Path folder) {
        Path base = root;
        Path current = folder;
        while (current != null && current.startsWith(base) && !current.equals(base)) {
            try {
                Files.delete(current);
            } catch (NoSuchFileException e) {
                // Someone else removed it; carry on with its parent.
            } catch (IOException e) {
                return;
            }
            current = current.getParent();
        }
    }
}
