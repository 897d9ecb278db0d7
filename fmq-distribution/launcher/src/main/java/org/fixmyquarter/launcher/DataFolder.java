package org.fixmyquarter.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The server's data folder: everything the server writes that must outlast a restart or an
 * upgrade (the embedded database, the token signing key, the HTTPS keystore, plugins), plus the
 * disposable unpacked runtime and the logs. One server at a time may use it: the folder is locked
 * for as long as the server runs, and the operating system releases the lock when the process
 * ends, however it ends.
 */
public final class DataFolder implements AutoCloseable {

    /** The setting naming the folder, as an environment variable. */
    public static final String SETTING = "FMQ_DATA_DIR";

    /** The setting naming the folder of the unpacked runtime, as an environment variable. */
    public static final String RUNTIME_SETTING = "FMQ_RUNTIME_DIR";

    /** The folder used when {@value #SETTING} is not set, relative to where the server is started. */
    public static final String DEFAULT = "data";

    private static final String LOCK_FILE = "fixmyquarter.lock";
    private static final String KEYSTORE_PASSWORD_FILE = "tls/keystore.password";

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataFolder(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * @param environment the process environment
     * @return the data folder the settings name, as an absolute path: {@value #SETTING}, else
     *         {@value #DEFAULT} in the working folder
     */
    public static Path locate(Map<String, String> environment) {
        String configured = environment.get(SETTING);
        Path folder = configured == null || configured.isBlank() ? Path.of(DEFAULT) : Path.of(configured.trim());
        return folder.toAbsolutePath().normalize();
    }

    /**
     * Creates the folder if needed and locks it.
     *
     * @param root the folder
     * @return the locked folder; close it to release the lock
     * @throws IllegalStateException with a message for the operator when the folder cannot be
     *         written or another server uses it
     */
    public static DataFolder open(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the data folder " + root + " (" + SETTING + "): " + reason(e), e);
        }
        if (!Files.isWritable(root)) {
            throw new IllegalStateException("The data folder " + root + " (" + SETTING
                    + ") is not writable by this user; give the server a folder it owns");
        }
        Path lockFile = root.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.US_ASCII).trim();
                channel.close();
                throw new IllegalStateException("Another FixMyQuarter server"
                        + (holder.isEmpty() ? "" : " (process " + holder + ")") + " is using the data folder " + root
                        + ". Stop it first, or give this server a folder of its own with " + SETTING);
            }
            // The pid, for the operator who finds the folder locked; the lock itself is what counts.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return new DataFolder(root, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("Cannot lock the data folder " + root + ": " + reason(e), e);
        }
    }

    /** @return the folder, absolute */
    public Path root() {
        return root;
    }

    /**
     * Where the unpacked runtimes live; nothing in it needs a backup. A container with a read-only
     * root file system and no lasting volume for the data folder puts it on a scratch volume of
     * its own ({@value #RUNTIME_SETTING}), so that the data folder holds only what must last.
     *
     * @param environment the process environment
     * @return {@value #RUNTIME_SETTING}, else {@code runtime/} here
     */
    public Path runtimes(Map<String, String> environment) {
        String configured = environment.get(RUNTIME_SETTING);
        return configured == null || configured.isBlank() ? root.resolve("runtime")
                : Path.of(configured.trim()).toAbsolutePath().normalize();
    }

    /**
     * @param environment the process environment
     * @return the folder of the server's logs: {@code FMQ_LOG_DIR}, else {@code logs/} here
     */
    public Path logs(Map<String, String> environment) {
        String configured = environment.get("FMQ_LOG_DIR");
        return configured == null || configured.isBlank() ? root.resolve("logs")
                : Path.of(configured.trim()).toAbsolutePath().normalize();
    }

    /**
     * The password of the HTTPS keystore: the setting {@code FMQ_TLS_KEYSTORE_PASSWORD} when
     * given, else one generated at the first start and kept here, readable by the owner only.
     *
     * @param environment the process environment
     * @return the password, or empty when the setting gives it (the server then reads it itself)
     */
    public Optional<String> generatedKeystorePassword(Map<String, String> environment) {
        String configured = environment.get("FMQ_TLS_KEYSTORE_PASSWORD");
        if (configured != null && !configured.isEmpty()) {
            return Optional.empty();
        }
        Path file = root.resolve(KEYSTORE_PASSWORD_FILE);
        try {
            if (Files.exists(file)) {
                return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, password + "\n", StandardCharsets.US_ASCII);
            ownerOnly(temporary);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(password);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    /**
     * Restricts a file to its owner where the file system knows POSIX permissions.
     *
     * @param file the file
     * @throws IOException when the permissions cannot be set
     */
    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's access list applies.
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.toString();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing with a better message.
            }
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The process is ending; the operating system releases the lock anyway.
        }
    }
}
