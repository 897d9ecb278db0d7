package org.fixmyquarter.api.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online backup's database copy with a real H2 file database: taken while another
 * connection keeps committing, the script holds whole transactions only, and every one committed
 * before it started.
 */
class DatabaseSnapshotsTest {

    @TempDir
    Path temp;

    private static Connection open(Path database) throws SQLException {
        Properties account = new Properties();
        account.setProperty("user", "fmq");
        account.setProperty("password", "");
        return new Driver().connect("jdbc:h2:" + database + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", account);
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void aScriptTakenWhileReportsAreWrittenHoldsWholeTransactionsOnly() throws Exception {
        Path live = temp.resolve("live/fmq");
        try (Connection setup = open(live); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE report(id INT PRIMARY KEY, title VARCHAR(200))");
            statement.execute("CREATE TABLE status_history(report_id INT REFERENCES report(id), status VARCHAR(20))");
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Connection reader = open(live)) {
            // A report and its first history row, in one transaction each, as the server writes them.
            Future<?> writes = writer.submit(() -> {
                try (Connection connection = open(live);
                     PreparedStatement report = connection.prepareStatement("INSERT INTO report VALUES (?, ?)");
                     PreparedStatement history = connection.prepareStatement(
                             "INSERT INTO status_history VALUES (?, 'open')")) {
                    connection.setAutoCommit(false);
                    for (int id = 1; writing.get(); id++) {
                        report.setInt(1, id);
                        report.setString(2, "Report " + id);
                        report.executeUpdate();
                        history.setInt(1, id);
                        history.executeUpdate();
                        connection.commit();
                        committed.set(id);
                    }
                }
                return null;
            });
            while (committed.get() < 200) {
                Thread.onSpinWait();
            }
            for (int round = 0; round < 5; round++) {
                int before = committed.get();
                Path script = temp.resolve("backup-" + round + ".sql");
                DatabaseSnapshots.script(reader, script);
                assertTrue(reader.getAutoCommit(), "the pooled connection is given back as it came");
                assertEquals(Connection.TRANSACTION_READ_COMMITTED, reader.getTransactionIsolation());

                try (Connection restored = open(temp.resolve("restored-" + round + "/fmq"));
                     Statement statement = restored.createStatement()) {
                    statement.execute("RUNSCRIPT FROM '" + script + "' CHARSET 'UTF-8'");
                    long reports = count(restored, "report");
                    assertEquals(reports, count(restored, "status_history"),
                            "every report in the copy has its history row, and no row is without its report");
                    assertTrue(reports >= before, reports + " reports in the copy, " + before
                            + " committed before it began");
                }
            }
            writing.set(false);
            writes.get();
        } finally {
            writer.shutdownNow();
        }
    }
}
