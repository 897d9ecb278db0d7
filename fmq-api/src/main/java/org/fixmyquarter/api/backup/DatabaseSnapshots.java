package org.fixmyquarter.api.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import org.fixmyquarter.api.problem.ProblemException;

/**
 * Takes online copies of the embedded H2 database with H2's {@code BACKUP TO}, through the
 * server's own data source: H2 copies the committed state as of one moment (its MVCC keeps that
 * version while it reads), and locks nothing, so the server keeps serving meanwhile.
 */
@ApplicationScoped
public class DatabaseSnapshots {

    /** The problem type of a database this backup cannot copy. */
    public static final String NOT_SUPPORTED = "backup-not-supported";

    private static final Logger LOG = Logger.getLogger(DatabaseSnapshots.class.getName());

    /** H2 URLs whose database is not a file this server holds: in memory, another server's, read-only zip. */
    private static final List<String> NOT_LOCAL = List.of("jdbc:h2:mem:", "jdbc:h2:tcp:", "jdbc:h2:ssl:",
            "jdbc:h2:zip:");

    @Resource(lookup = "jdbc/fmq")
    private DataSource dataSource;

    /**
     * A copy of the database, in a temporary file the caller deletes.
     *
     * @param file         the zip H2 wrote, holding the copy of the {@code .mv.db} file
     * @param product      the database's product name
     * @param version      its version
     * @param liveDatabase the live database's path without its suffix, as H2 gives it
     */
    public record Snapshot(Path file, String product, String version, Path liveDatabase) {
    }

    /**
     * @param folder where to write the temporary copy; the data folder, so that a large database
     *               is copied on the disk that holds it rather than in a small temporary file system
     * @return the copy
     * @throws ProblemException 409 ({@value #NOT_SUPPORTED}) when the database is not an
     *                          embedded H2 file
     * @throws SQLException     if the database refuses the copy
     * @throws IOException      if the temporary file cannot be made
     */
    public Snapshot take(Path folder) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String product = meta.getDatabaseProductName();
            if (!"H2".equals(product)) {
                throw new ProblemException(409, NOT_SUPPORTED, "Online backup not supported",
                        "This server's database is " + product + "; the online backup copies the embedded H2 database "
                                + "only. Back the database up with its own tools (pg_dump for PostgreSQL, restored with "
                                + "pg_restore) and copy the keys folder of the data folder, which holds the token signing "
                                + "key.", Map.of(), "problem.backup-not-supported.detail", List.of(product));
            }
            String url = String.valueOf(meta.getURL()).toLowerCase(Locale.ROOT);
            Path live = NOT_LOCAL.stream().anyMatch(url::startsWith) ? null : databasePath(connection);
            if (live == null) {
                throw new ProblemException(409, NOT_SUPPORTED, "Online backup not supported",
                        "The H2 database is in memory or on another server, not a file of this server; the online "
                                + "backup copies the embedded H2 database file only. Back the database up where it runs "
                                + "and copy the keys folder of the data folder, which holds the token signing key.",
                        Map.of(), "problem.backup-not-supported.not-embedded", List.of());
            }
            Path copy = Files.createTempFile(folder, DataFolderBackup.TEMPORARY_PREFIX,
                    DataFolderBackup.TEMPORARY_SUFFIX);
            try (Statement statement = connection.createStatement()) {
                // BACKUP is no transactional statement: H2 would commit any open transaction first.
                connection.setAutoCommit(true);
                // H2 2.5's BACKUP copies the file while other sessions write into its free space,
                // and such a copy opened as an older version or as an empty database: a report
                // committed just before was missing (the suite's BackupIT; a stand-alone test with
                // concurrent writes made empty copies). Exclusive mode holds the other sessions'
                // statements (they wait, none fails) for the seconds the copy takes.
                statement.execute("SET EXCLUSIVE 1");
                try {
                    statement.execute("BACKUP TO '" + copy.toAbsolutePath().toString().replace("'", "''") + "'");
                } finally {
                    statement.execute("SET EXCLUSIVE 0");
                }
            } catch (SQLException | RuntimeException e) {
                delete(copy);
                throw e;
            }
            return new Snapshot(copy, product, meta.getDatabaseProductVersion(), live);
        }
    }

    /**
     * Deletes a copy; a failure is logged, never thrown, as it must not hide the outcome of the
     * backup itself.
     *
     * @param copy the temporary file
     */
    public static void delete(Path copy) {
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Backup: cannot delete the temporary database copy " + copy, e);
        }
    }

    private static Path databasePath(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT DATABASE_PATH()")) {
            String path = row.next() ? row.getString(1) : null;
            return path == null ? null : Path.of(path);
        }
    }
}
