package org.fixmyquarter.api.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Lays out the backup zip of the data folder: {@value #PROPERTIES_ENTRY} first, then the copy of
 * the database as {@value #DATABASE_ENTRY}, then every other file of the data folder under its
 * relative path. Plain Java without the container, so that what goes in and what stays out is
 * unit-tested; {@code org.fixmyquarter.launcher.Restore} reads the same layout.
 */
public final class DataFolderBackup {

    /** The first entry: what the zip is, for the restore and for a person. */
    public static final String PROPERTIES_ENTRY = "fixmyquarter-backup.properties";

    /**
     * The database copy: an SQL script. Always this name, whatever the live file is called: the
     * restore turns it into the database the default {@code FMQ_DB_URL}
     * ({@code jdbc:h2:${FMQ_DATA_DIR}/db/fmq}) opens.
     */
    public static final String DATABASE_ENTRY = "db/fmq.sql";

    /** The layout version in {@value #PROPERTIES_ENTRY}; a restore refuses any other. */
    public static final int FORMAT = 1;

    /** Name prefix of the database copies in progress (they sit in the data folder itself). */
    public static final String TEMPORARY_PREFIX = ".fmq-backup-";

    /** Name suffix of the database copies in progress. */
    public static final String TEMPORARY_SUFFIX = ".tmp";

    private static final Logger LOG = Logger.getLogger(DataFolderBackup.class.getName());

    /**
     * Top-level folders that are not copied: the live database files (the consistent copy takes
     * their place), and what the launcher recreates at every start.
     */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("db", "runtime", "logs");

    /** A copy older than this was left by a download that never started; nothing still reads it. */
    private static final Duration STALE = Duration.ofDays(1);

    /**
     * One file of the data folder to copy.
     *
     * @param name   its entry name: the path relative to the data folder, with {@code /}
     * @param source where to read it: the file, or for a symbolic link the file inside the data
     *               folder it points to
     */
    public record Member(String name, Path source) {
    }

    private DataFolderBackup() {
    }

    /**
     * Lists the files of the data folder that go into the backup, sorted by name: everything but
     * {@code db/}, {@code runtime/}, {@code logs/}, temporary files ({@code *.tmp}, {@code *.temp}
     * and the database copies in progress) and the live database's own files. A symbolic link is
     * followed only to a regular file inside the data folder that would itself be copied; any
     * other link is left out and logged, so that a link cannot put a file from elsewhere on the
     * machine (or the live database) into a download.
     *
     * @param dataFolder   the data folder, or {@code null} when the server has none
     * @param liveDatabase the live database's path without its {@code .mv.db} suffix (as H2's
     *                     {@code DATABASE_PATH()} gives it), or {@code null}
     * @return the files to copy; empty when the folder does not exist
     * @throws IOException if a folder cannot be read: a backup silently missing the keys would be
     *                     found out only on the day it is restored
     */
    public static List<Member> members(Path dataFolder, Path liveDatabase) throws IOException {
        if (dataFolder == null || !Files.isDirectory(dataFolder)) {
            return List.of();
        }
        Path root = dataFolder.toRealPath();
        Path live = liveDatabase == null ? null : realOrAbsolute(liveDatabase);
        List<Member> members = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && skipped(root.relativize(dir)) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path relative = root.relativize(file);
                if (skipped(relative) || isLiveDatabase(file, live)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    Path target = linkTarget(root, file, live);
                    if (target != null) {
                        members.add(new Member(entryName(relative), target));
                    }
                } else if (attrs.isRegularFile()) {
                    members.add(new Member(entryName(relative), file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        members.sort(Comparator.comparing(Member::name));
        return members;
    }

    /**
     * Writes the zip. The output is finished, not closed: it belongs to the caller.
     *
     * @param out            where the zip goes
     * @param properties     the text of {@value #PROPERTIES_ENTRY}, see {@link #properties(Map)}
     * @param databaseBackup the SQL script H2's {@code SCRIPT TO} wrote
     * @param members        the other files, from {@link #members(Path, Path)}
     * @throws IOException if reading the script or writing fails
     */
    public static void write(OutputStream out, String properties, Path databaseBackup, List<Member> members)
            throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.putNextEntry(new ZipEntry(PROPERTIES_ENTRY));
        zip.write(properties.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        copyDatabase(databaseBackup, zip);
        for (Member member : members) {
            InputStream in;
            try {
                // Not through a link: the file was checked when listed, and may have been swapped since.
                in = Files.newInputStream(member.source(), LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                LOG.info(() -> "Backup: " + member.name() + " went away while the backup was written; left out");
                continue;
            }
            try (in) {
                zip.putNextEntry(new ZipEntry(member.name()));
                in.transferTo(zip);
                zip.closeEntry();
            }
        }
        zip.finish();
        zip.flush();
    }

    /**
     * @param values the keys and values, in the order to write them
     * @return the text of {@value #PROPERTIES_ENTRY}: ASCII in {@code java.util.Properties} syntax,
     *         so that it reads the same as bytes or as text
     */
    public static String properties(Map<String, String> values) {
        StringBuilder text = new StringBuilder("# A backup of a FixMyQuarter data folder. Restore it into an empty data folder with\n"
                + "#   java -jar fixmyquarter.jar restore <this zip>\n");
        values.forEach((key, value) -> text.append(escape(key)).append('=').append(escape(value)).append('\n'));
        return text.toString();
    }

    /**
     * Deletes the database copies a download left behind without ever sending them (the client
     * went away before the body was written), so that they do not fill the disk.
     *
     * @param folder where the copies are made
     * @param now    the current instant
     */
    public static void removeStaleCopies(Path folder, Instant now) {
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(folder, TEMPORARY_PREFIX + "*" + TEMPORARY_SUFFIX)) {
            for (Path copy : copies) {
                if (Files.getLastModifiedTime(copy, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(now.minus(STALE))) {
                    Files.deleteIfExists(copy);
                    LOG.info(() -> "Backup: removed the stale database copy " + copy);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Backup: cannot remove stale database copies in " + folder, e);
        }
    }

    private static void copyDatabase(Path databaseScript, ZipOutputStream zip) throws IOException {
        zip.putNextEntry(new ZipEntry(DATABASE_ENTRY));
        Files.copy(databaseScript, zip);
        zip.closeEntry();
    }

    /** @return whether a path relative to the data folder is never copied */
    private static boolean skipped(Path relative) {
        if (relative.getNameCount() == 0 || relative.isAbsolute() || relative.startsWith("..")) {
            return true;
        }
        if (SKIPPED_FOLDERS.contains(relative.getName(0).toString())) {
            return true;
        }
        String name = relative.getFileName().toString();
        return name.endsWith(".tmp") || name.endsWith(".temp") || name.startsWith(TEMPORARY_PREFIX);
    }

    /** @return the file a link leads to if it may be copied, or {@code null} (logged) */
    private static Path linkTarget(Path root, Path link, Path live) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            LOG.warning(() -> "Backup: the link " + link + " leads nowhere; left out");
            return null;
        }
        if (!target.startsWith(root) || skipped(root.relativize(target)) || isLiveDatabase(target, live)
                || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warning(() -> "Backup: the link " + link + " leads to " + target
                    + ", not to a file the backup copies from the data folder; left out");
            return null;
        }
        return target;
    }

    /** @return whether the file is one of the live H2 database's own ({@code fmq.mv.db}, {@code fmq.trace.db}...) */
    private static boolean isLiveDatabase(Path file, Path live) {
        if (live == null || live.getFileName() == null) {
            return false;
        }
        Path parent = file.toAbsolutePath().getParent();
        return parent != null && parent.equals(live.getParent())
                && file.getFileName().toString().startsWith(live.getFileName() + ".");
    }

    private static Path realOrAbsolute(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        try {
            // The database's folder may be reached through a link, as the data folder may.
            return parent == null ? absolute : parent.toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }

    private static String entryName(Path relative) {
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            name.append(name.length() == 0 ? "" : "/").append(part);
        }
        return name.toString();
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '=', ':', '#', '!' -> escaped.append('\\').append(c);
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else if (c == ' ' && i == 0) {
                        escaped.append("\\ ");
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
