package org.fixmyquarter.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.fixmyquarter.core.area.PostgisAreas;
import org.fixmyquarter.core.report.TextSearch;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database to the core's schema, the one way the server and embedding programs share:
 * the core's versioned migrations (never a schema generated from the entities), then, on
 * PostgreSQL, the full-text column and index of the deployment's language, and, where PostGIS is
 * installed, the geometry column of the areas.
 *
 * <p>Several processes starting at once are safe: Flyway takes a database lock while it migrates,
 * and the index is built concurrently.
 */
public final class DatabaseSchema {

    /** Where the core keeps its migrations, on the class path (or module path). */
    public static final String MIGRATIONS = "classpath:META-INF/fmq/migration";
    /** The table in which Flyway records the migrations applied. */
    public static final String HISTORY_TABLE = "fmq_schema_history";

    private static final Logger LOG = Logger.getLogger(DatabaseSchema.class.getName());

    private DatabaseSchema() {
    }

    /**
     * Applies the migrations the database lacks.
     *
     * @param dataSource  the database
     * @param classLoader the loader that sees the core's migrations (the core's own, or the
     *                    application's in a server)
     * @return the schema version now, and how many migrations ran
     * @throws org.flywaydb.core.api.FlywayException if a migration fails, or none were found
     */
    public static Migration migrate(DataSource dataSource, ClassLoader classLoader) {
        MigrateResult result = Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                // Never start on an empty schema because the migrations were not found.
                .failOnMissingLocations(true)
                .table(HISTORY_TABLE)
                .load()
                .migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Database schema at version " + version + " (" + result.migrationsExecuted
                + " migration(s) applied now)");
        return new Migration(version, result.migrationsExecuted);
    }

    /**
     * What a migration did.
     *
     * @param version the schema version now, for example {@code 16}
     * @param applied how many migrations ran
     */
    public record Migration(String version, int applied) {
    }

    /**
     * Prepares full-text search: on PostgreSQL, the stored column of the words of the reports in
     * the configured language and its index; elsewhere nothing (the portable match). A failure
     * falls back to a slower but working search, with a warning.
     *
     * @param dataSource    the database, migrated
     * @param textConfig    a PostgreSQL text search configuration, or {@code auto} for the one of
     *                      the default language
     * @param defaultLocale the deployment's language
     * @return how text searches are matched on this database
     */
    public static TextSearch prepareTextSearch(DataSource dataSource, String textConfig, Locale defaultLocale) {
        String config = null;
        try (Connection connection = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return TextSearch.portable();
            }
            connection.setAutoCommit(true);
            config = textConfig == null || "auto".equals(textConfig) ? TextSearch.postgresConfigFor(defaultLocale)
                    : textConfig;
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT to_tsvector('" + config + "'::regconfig, 'check')");
            }
            TextSearch search = withStoredColumn(connection, TextSearch.postgresStored(config));
            try (Statement statement = connection.createStatement()) {
                // Built beside running servers without blocking writes (seconds to a minute for a
                // million reports); instant once it exists. A process losing the race to build it
                // uses it when the other has finished; searches work meanwhile, only slower.
                statement.execute(search.postgresIndexStatement());
                if (search.stored()) {
                    // The expression index of earlier versions: no query reads it any more, and
                    // every write of a report would still compute the words once more for it.
                    statement.execute("DROP INDEX CONCURRENTLY IF EXISTS "
                            + TextSearch.postgres(config).postgresIndexName());
                }
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "The full-text index is not built now; text searches work without it, "
                        + "more slowly", e);
            }
            String chosen = config;
            LOG.info(() -> "Text search: PostgreSQL full-text search in '" + chosen + "' ("
                    + (search.stored() ? "stored column " + search.postgresColumn() : "computed words") + ")");
            return search;
        } catch (SQLException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Text search falls back to matching words as they are: the text search "
                    + "configuration '" + config + "' cannot be used (fmq.search.text-config)", e);
            return TextSearch.portable();
        }
    }

    /**
     * Prepares area routing: where the database is PostgreSQL with the {@code postgis} extension,
     * the geometry column of the areas and its GiST index, so that routing asks PostGIS
     * ({@link PostgisAreas}); elsewhere nothing (the in-memory index). A failure leaves routing in
     * memory, with a warning: the answers are the same.
     *
     * @param dataSource the database, migrated
     * @return whether area routing uses PostGIS
     */
    public static boolean prepareAreaRouting(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return PostgisAreas.prepare(connection);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Area routing stays in memory: the PostGIS column of the areas could not be"
                    + " made now", e);
            return false;
        }
    }

    /**
     * Adds the stored column of the words when it is missing. That rewrites the table under an
     * exclusive lock, once per language (see docs/search.md): it waits at most a few seconds for
     * that lock, so that a busy table never queues every request behind it, and searches then
     * compute the words as earlier versions did, until a later start succeeds.
     */
    private static TextSearch withStoredColumn(Connection connection, TextSearch stored) {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = 'fmq_report' AND column_name = ?")) {
            exists.setString(1, stored.postgresColumn());
            try (ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    return stored;
                }
            }
            try (Statement statement = connection.createStatement()) {
                LOG.info(() -> "Adding the stored column " + stored.postgresColumn()
                        + " to fmq_report: reports are locked while the table is rewritten");
                statement.execute("SET lock_timeout = '5s'");
                try {
                    statement.execute(stored.postgresColumnStatement());
                } finally {
                    statement.execute("RESET lock_timeout");
                }
            }
            return stored;
        } catch (SQLException e) {
            String config = stored.postgresConfig().orElseThrow();
            LOG.log(Level.WARNING, "The stored column " + stored.postgresColumn() + " could not be added now;"
                    + " text searches compute the words of each report they read, more slowly", e);
            return TextSearch.postgres(config);
        }
    }
}
