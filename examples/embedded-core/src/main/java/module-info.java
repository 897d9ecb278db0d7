/**
 * An example of embedding the FixMyQuarter core in a plain Java SE program, on the module path,
 * with H2 through JPA and no server.
 *
 * <p>Only what the code names is required here. The rest is found by service binding when the
 * module graph is resolved: the JPA provider (EclipseLink, a {@code PersistenceProvider}), the
 * JSON-P provider (Parsson), the H2 driver, the category pack and the language packs.
 */
module org.fixmyquarter.examples.embedded {
    // The core's API; brings the SPI and jakarta.persistence (and through it java.sql) transitively.
    requires org.fixmyquarter.core;
    // Flyway applies the core's migrations. It is an automatic module without an
    // Automatic-Module-Name, so its name comes from the jar's file name (flyway-core-*.jar).
    requires flyway.core;
}
