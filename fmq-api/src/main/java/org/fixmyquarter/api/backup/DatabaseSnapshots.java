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
 * Takes online copies of the embedded H2 database as an SQL script (H2's {@code SCRIPT TO}),
 * through the server's own data source: the committed state as of one moment, read in one
 * repeatable-read transaction, so the server keeps serving and writing meanwhile.
 *
 * <p>Not a copy of the database file ({@code BACKUP TO}): with H2 2.5.252 such copies of a
 * database that had been running a while opened as an older version, without the latest
 * reports, even in exclusive mode (the same fault of H2 2.5.250 and 2.5.252 that lost the last
 * commit after a kill: the file's header names the chunk before the newest; docs/operations.md). A script is read through the SQL engine, as any query is, and
 * is restored by {@code RUNSCRIPT} into a new database of the same H2 version.
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
     * @param file         the SQL script H2 wrote
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
            try {
                script(connection, copy);
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

    /**
     * Writes the database as SQL with H2's {@code SCRIPT TO}, in one repeatable-read transaction:
     * every table is read as of the transaction's first read, so a report and its history rows
     * are both in the script or both not, and writers never wait for it.
     */
    static void script(Connection connection, Path file) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        try {
            connection.setAutoCommit(false);
            // SERIALIZABLE reads every table as of the transaction's start. REPEATABLE READ takes
            // each table as of its first read, and history rows written after the reports had
            // been read were in the copy without their report (DatabaseSnapshotsTest). Set
            // through JDBC, so that the pool knows to set it back.
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SCRIPT TO '" + file.toAbsolutePath().toString().replace("'", "''")
                        + "' CHARSET 'UTF-8'");
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            // The connection goes back to the pool as it came.
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
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
