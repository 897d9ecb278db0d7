/**
 * An example of embedding the FixMyQuarter core in a plain Java SE program, on the module path,
 * with no server.
 *
 * <p>Only the entry point is required. The rest is found by service binding when the module graph
 * is resolved: the JPA provider (EclipseLink), the JSON-P provider (Parsson), the JDBC drivers,
 * the category pack and the language packs.
 */
module org.fixmyquarter.examples.embedded {
    // The core's entry point; brings the core's API and the SPI transitively.
    requires org.fixmyquarter.embedded;
}
