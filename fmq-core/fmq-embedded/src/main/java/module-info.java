/**
 * The FixMyQuarter core, ready to run in any Java program: {@link org.fixmyquarter.embedded.FixMyQuarter}
 * migrates the schema, opens persistence, prepares full-text search on PostgreSQL, loads the
 * plugins and runs the event dispatcher, and hands back the core's services.
 *
 * <p>Put a JDBC driver on the path (H2 or PostgreSQL). The JPA provider (EclipseLink) and the
 * JSON-P implementation (Parsson) come with this module's Maven dependencies and are found by
 * service binding.
 */
module org.fixmyquarter.embedded {
    requires transitive org.fixmyquarter.core;
    requires transitive java.sql;
    requires java.logging;
    // Flyway has no module descriptor: its automatic module's name comes from the jar's name.
    requires flyway.core;

    exports org.fixmyquarter.embedded;

    uses org.fixmyquarter.spi.Plugin;
}
