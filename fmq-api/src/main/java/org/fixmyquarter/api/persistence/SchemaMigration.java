package org.fixmyquarter.api.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.fixmyquarter.core.report.TextSearch;

/**
 * Brings the database schema up to date with the versioned migrations shipped in the core, before
 * the API serves its first request. The schema is never generated from the entities.
 *
 * <p>Several servers starting at once are safe: Flyway takes a database lock while it migrates.
 *
 * <p>On PostgreSQL it then makes sure the full-text index of the configured language exists: its
 * expression names the language, which is a setting of the deployment rather than of the schema,
 * so it is not a migration.
 */
@ApplicationScoped
public class SchemaMigration {

    /**
     * Where the core keeps its migrations, on the class path. Liberty's class loader only lists a
     * class-path folder that holds a file, hence the empty {@code flyway.location} marker there.
     */
    public static final String LOCATION = "classpath:META-INF/fmq/migration";

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "jdbc/fmq")
    private DataSource dataSource;

    @Inject
    @ConfigProperty(name = "fmq.search.text-config", defaultValue = "auto")
    private String textConfig;

    @Inject
    @ConfigProperty(name = "fmq.i18n.default-locale", defaultValue = "en")
    private String defaultLocale;

    private volatile String failure;
    private volatile String schemaVersion;
    private volatile TextSearch textSearch = TextSearch.portable();

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        migrate();
    }

    /**
     * Applies pending migrations. A failure is logged and reported by the readiness check rather
     * than thrown, so that the server stays up and says what is wrong.
     */
    public synchronized void migrate() {
        try {
            MigrateResult result = Flyway.configure(getClass().getClassLoader())
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    // Never start on an empty schema because the migrations were not found.
                    .failOnMissingLocations(true)
                    .table("fmq_schema_history")
                    .load()
                    .migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : result.initialSchemaVersion;
            LOG.info(() -> "Database schema at version " + version + " (" + result.migrationsExecuted
                    + " migration(s) applied now)");
            textSearch = prepareTextSearch();
            // Last: a known version is what tells the rest of the server that the database is ready.
            failure = null;
            schemaVersion = version;
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.log(Level.SEVERE, "Database schema migration failed; the API is not ready", e);
        }
    }

    private TextSearch prepareTextSearch() {
        String config = null;
        try (Connection connection = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return TextSearch.portable();
            }
            connection.setAutoCommit(true);
            config = "auto".equals(textConfig)
                    ? TextSearch.postgresConfigFor(Locale.forLanguageTag(defaultLocale)) : textConfig;
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT to_tsvector('" + config + "'::regconfig, 'check')");
            }
            TextSearch search = withStoredColumn(connection, TextSearch.postgresStored(config));
            try (Statement statement = connection.createStatement()) {
                // Built beside the running servers without blocking writes (seconds to a minute
                // for a million reports); instant once it exists. A server losing the race to build it uses it
                // when the other has finished; searches work meanwhile, only slower.
                statement.execute(search.postgresIndexStatement());
                if (search.stored()) {
                    // The expression index of earlier versions: no query reads it any more, and every
                    // write of a report would still compute the words once more for it.
                    statement.execute("DROP INDEX CONCURRENTLY IF EXISTS "
                            + TextSearch.postgres(config).postgresIndexName());
                }
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "The full-text index is not built now; text searches work without it, "
                        + "more slowly", e);
            }
            String chosen = config;
            LOG.info(() -> "Text search: PostgreSQL full-text search in '" + chosen + "' ("
                    + (search.stored() ? "stored column " + search.postgresColumn() : "computed words")
                    + ")");
            return search;
        } catch (SQLException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Text search falls back to matching words as they are: the text search "
                    + "configuration '" + config + "' cannot be used (fmq.search.text-config)", e);
            return TextSearch.portable();
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

    /**
     * @return how text searches are matched on this database: full-text on PostgreSQL, the
     *         portable match elsewhere or when the index could not be made
     */
    public TextSearch textSearch() {
        return textSearch;
    }

    /**
     * @return why the last migration failed, or {@code null} if it succeeded
     */
    public String failure() {
        return failure;
    }

    /**
     * @return the schema version after the last successful migration, or {@code null}
     */
    public String schemaVersion() {
        return schemaVersion;
    }
}
