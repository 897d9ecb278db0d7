package org.fixmyquarter.api.health;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.fixmyquarter.api.persistence.SchemaMigration;

/**
 * Ready only when the database answers and its schema is migrated: a load balancer then sends
 * no traffic to a server that could only fail it.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    private static final int TIMEOUT_SECONDS = 2;

    @Resource(lookup = "jdbc/fmq")
    private DataSource dataSource;

    @Inject
    private SchemaMigration migration;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database");
        if (migration.failure() != null) {
            return response.down().withData("migration", migration.failure()).build();
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(TIMEOUT_SECONDS);
            response.status(valid).withData("product", connection.getMetaData().getDatabaseProductName());
            if (migration.schemaVersion() != null) {
                response.withData("schemaVersion", migration.schemaVersion());
            }
            return response.build();
        } catch (SQLException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
