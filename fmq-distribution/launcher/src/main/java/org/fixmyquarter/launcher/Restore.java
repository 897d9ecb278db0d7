package org.fixmyquarter.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Restores a backup made by {@code GET /api/v1/admin/backup} into an empty data folder, before the
 * server's first start on it ({@code java -jar fixmyquarter.jar restore <file>}): its files as
 * they are, and its database script loaded into a new embedded database ({@link DatabaseScript}).
 *
 * <p>It never mixes a backup with existing data: a data folder that holds a {@code db/} folder or
 * any file is refused, so a restore can never overwrite a live database or pair a database with
 * another server's signing key. Everything is checked before anything is written, the zip is
 * unpacked into a temporary folder beside the data folder, and only a complete copy is moved
 * into place, so that an interrupted restore leaves no half-restored data folder for the server to
 * start on.
 */
public final class Restore {

    /** The backup's first entry; it is checked, not restored. */
    public static final String PROPERTIES_ENTRY = "fixmyquarter-backup.properties";

    /** The database copy every backup holds: an SQL script, loaded into a new database. */
    public static final String DATABASE_ENTRY = "db/fmq.sql";

    /** The database the script is loaded into: the one the default {@code FMQ_DB_URL} opens. */
    static final String DATABASE = "db/fmq";

    /** The only layout this class knows. */
    public static final String FORMAT = "1";

    /** Folders whose files are secrets: the token signing key and the HTTPS keystore with its password. */
    private static final Set<String> PRIVATE_FOLDERS = Set.of("keys", "tls");

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    private Restore() {
    }

    /**
     * Unpacks a backup into a data folder that does not exist yet, or holds nothing but empty
     * folders.
     *
     * @param backupZip the zip the server sent
     * @param dataDir   the data folder to restore into ({@code FMQ_DATA_DIR})
     * @param database  loads the backup's database script into the database of the data folder
     * @throws IllegalStateException if the data folder is not empty, or the file is not a backup
     *                               of a known format, or an entry's name would write outside the
     *                               data folder
     * @throws UncheckedIOException  if reading the zip or writing the folder fails; the data
     *                               folder is then as it was
     */
    static void restore(Path backupZip, Path dataDir, DatabaseScript.Loader database) {
        Path target = dataDir.toAbsolutePath().normalize();
        try {
            requireEmpty(target);
            try (ZipFile zip = open(backupZip)) {
                List<ZipEntry> entries = checked(zip, backupZip);
                Path parent = target.getParent();
                if (parent == null) {
                    throw new IllegalStateException("Cannot restore into " + target + ": choose a folder below it");
                }
                Files.createDirectories(parent);
                Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".restore-",
                        ownerOnly());
                try {
                    for (ZipEntry entry : entries) {
                        extract(zip, entry, staging);
                    }
                    Path script = staging.resolve(DATABASE_ENTRY);
                    database.load(script, staging.resolve(DATABASE));
                    Files.delete(script);
                    // Checked again: a server may have been started on the folder meanwhile.
                    requireEmpty(target);
                    moveIntoPlace(staging, target);
                } finally {
                    RuntimeImage.deleteTree(staging);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Restoring " + backupZip + " into " + target + " failed: " + e.getMessage(),
                    e);
        }
    }

    private static ZipFile open(Path backupZip) throws IOException {
        if (!Files.isRegularFile(backupZip)) {
            throw new IllegalStateException(backupZip + " is not a file: give the path of the backup zip");
        }
        try {
            return new ZipFile(backupZip.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new IllegalStateException(backupZip + " is not a zip file, so not a FixMyQuarter backup", e);
        }
    }

    /**
     * @return the entries to unpack, after checking the whole zip: its properties entry and
     *         format, the database copy, and that every name stays inside the data folder
     */
    private static List<ZipEntry> checked(ZipFile zip, Path backupZip) throws IOException {
        ZipEntry propertiesEntry = zip.getEntry(PROPERTIES_ENTRY);
        if (propertiesEntry == null) {
            throw new IllegalStateException(backupZip + " has no " + PROPERTIES_ENTRY
                    + ", so it is not a FixMyQuarter backup");
        }
        Properties properties = new Properties();
        try (InputStream in = zip.getInputStream(propertiesEntry)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        String format = properties.getProperty("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalStateException(backupZip + " is a backup of format " + format + "; this version restores "
                    + "format " + FORMAT + " only" + (format == null ? "" : ": use the version that made it"));
        }
        List<ZipEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean database = false;
        for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
            ZipEntry entry = all.nextElement();
            String name = entry.getName();
            requireSafeName(name, backupZip);
            String key = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            if (!names.add(key)) {
                // Two entries of one name: which one a tool keeps differs, so neither is trusted.
                throw new IllegalStateException(backupZip + " holds " + name + " twice; refused");
            }
            database |= DATABASE_ENTRY.equals(name);
            if (!PROPERTIES_ENTRY.equals(name)) {
                entries.add(entry);
            }
        }
        if (!database) {
            throw new IllegalStateException(backupZip + " holds no " + DATABASE_ENTRY + ": not a complete backup");
        }
        return entries;
    }

    /** Refuses a name that could write outside the folder it is unpacked into (zip slip). */
    private static void requireSafeName(String name, Path backupZip) {
        boolean unsafe = name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0 || name.indexOf(':') >= 0;
        String[] parts = (name.endsWith("/") ? name.substring(0, name.length() - 1) : name).split("/", -1);
        for (String part : parts) {
            unsafe |= part.isEmpty() || part.equals(".") || part.equals("..");
        }
        if (unsafe) {
            throw new IllegalStateException(backupZip + " holds the entry '" + name + "', which is no plain relative "
                    + "path inside the data folder; refused");
        }
    }

    private static void extract(ZipFile zip, ZipEntry entry, Path staging) throws IOException {
        Path file = staging.resolve(entry.getName()).normalize();
        if (!file.startsWith(staging) || file.equals(staging)) {
            throw new IllegalStateException("The entry '" + entry.getName() + "' leads outside the data folder; refused");
        }
        boolean secret = PRIVATE_FOLDERS.contains(staging.relativize(file).getName(0).toString());
        if (entry.isDirectory()) {
            createFolders(staging, file, secret);
            return;
        }
        createFolders(staging, file.getParent(), secret);
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, file);
        }
        if (secret) {
            restrict(file, OWNER_FILE);
        }
    }

    private static void createFolders(Path staging, Path folder, boolean secret) throws IOException {
        Files.createDirectories(folder);
        if (secret) {
            for (Path at = folder; !at.equals(staging); at = at.getParent()) {
                restrict(at, OWNER_FOLDER);
            }
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] ownerOnly() {
        // The unpacked keys must not be readable by others while they wait to be moved.
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FOLDER)}
                : new FileAttribute<?>[0];
    }

    /** Refuses a data folder that holds anything but empty folders, or a {@code db/} folder at all. */
    private static void requireEmpty(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalStateException(target + " is not a folder; restore into an empty data folder");
        }
        if (Files.exists(target.resolve("db"), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException(target + " already holds a database (db/); restore only into an empty "
                    + "data folder, before the server's first start on it");
        }
        try (Stream<Path> all = Files.walk(target)) {
            Path file = all.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).findFirst().orElse(null);
            if (file != null) {
                throw new IllegalStateException(target + " is not empty (it holds " + target.relativize(file)
                        + "); restore only into an empty data folder, before the server's first start on it");
            }
        }
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            // One rename: the folder appears whole, owner-only like the staging folder it was.
            move(staging, target);
            return;
        }
        // The folder stays (it may be a mount point, which cannot be renamed); its empty folders
        // give way to the backup's.
        try (Stream<Path> children = Files.list(target)) {
            for (Path child : children.toList()) {
                deleteEmptyFolders(child);
            }
        }
        List<Path> moved = new ArrayList<>();
        try (Stream<Path> children = Files.list(staging)) {
            for (Path child : children.toList()) {
                Path to = target.resolve(child.getFileName().toString());
                moved.add(to);
                move(child, to);
            }
        } catch (IOException | RuntimeException e) {
            // Back to the empty folder it was, rather than half a backup for a server to start on.
            for (Path to : moved) {
                try {
                    RuntimeImage.deleteTree(to);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    /** A rename where the folders share a file system, else a copy (a data folder on its own volume). */
    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            copyTree(from, to);
            RuntimeImage.deleteTree(from);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.copy(dir, to.resolve(from.relativize(dir).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteEmptyFolders(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException(folder + " appeared while the backup was unpacked; the data folder is "
                    + "not empty any more, nothing was restored");
        }
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.toList()) {
                deleteEmptyFolders(child);
            }
        }
        Files.delete(folder);
    }
}
