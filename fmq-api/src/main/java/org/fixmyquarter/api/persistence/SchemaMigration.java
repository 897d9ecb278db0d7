package org.fixmyquarter.api.persistence;

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

import org.fixmyquarter.core.report.TextSearch;
import org.fixmyquarter.embedded.DatabaseSchema;

/**
 * Brings the database schema up to date with the versioned migrations shipped in the core, before
 * the API serves its first request. The schema is never generated from the entities.
 *
 * <p>Several servers starting at once are safe: Flyway takes a database lock while it migrates.
 *
 * <p>On PostgreSQL it then makes sure the full-text index of the configured language exists: its
 * expression names the language, which is a setting of the deployment rather than of the schema,
 * so it is not a migration. Where PostGIS is installed it adds the areas' geometry column for
 * routing, which cannot be a migration either (docs/areas.md).
 */
@ApplicationScoped
public class SchemaMigration {

    /**
     * Where the core keeps its migrations, on the class path. Liberty's class loader only lists a
     * class-path folder that holds a file, hence the empty {@code flyway.location} marker there.
     */
    public static final String LOCATION = DatabaseSchema.MIGRATIONS;

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
            DatabaseSchema.Migration result = DatabaseSchema.migrate(dataSource, getClass().getClassLoader());
            textSearch = DatabaseSchema.prepareTextSearch(dataSource, textConfig, Locale.forLanguageTag(defaultLocale));
            DatabaseSchema.prepareAreaRouting(dataSource);
            // Last: a known version is what tells the rest of the server that the database is ready.
            failure = null;
            schemaVersion = result.version();
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.log(Level.SEVERE, "Database schema migration failed; the API is not ready", e);
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
