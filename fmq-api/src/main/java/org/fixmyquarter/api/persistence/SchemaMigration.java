package org.fixmyquarter.api.persistence;

import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date with the versioned migrations shipped in the core, before
 * the API serves its first request. The schema is never generated from the entities.
 *
 * <p>Several servers starting at once are safe: Flyway takes a database lock while it migrates.
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

    private volatile String failure;
    private volatile String schemaVersion;

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
            schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            failure = null;
            LOG.info(() -> "Database schema at version " + schemaVersion + " (" + result.migrationsExecuted
                    + " migration(s) applied now)");
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.log(Level.SEVERE, "Database schema migration failed; the API is not ready", e);
        }
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
