/**
 * The FixMyQuarter plugin test kit: abstract JUnit 5 test classes that a plugin author extends to
 * check a plugin against the SPI's contracts.
 *
 * <p>It requires the SPI and the JUnit Jupiter API transitively, so a plugin's test code that
 * reads this module can use both without declaring them again.
 */
module org.fixmyquarter.spi.tck {
    requires transitive org.fixmyquarter.spi;
    requires transitive org.junit.jupiter.api;

    exports org.fixmyquarter.spi.tck;

    // The test methods live here and are inherited by the author's subclasses: JUnit invokes them
    // reflectively, which on the module path needs the package opened to it.
    opens org.fixmyquarter.spi.tck to org.junit.platform.commons;

    // PluginContract looks each plugin up with ServiceLoader, which a named module may only do
    // for services it declares. A contract for another extension point adds the use at run time.
    uses org.fixmyquarter.spi.category.CategoryProvider;
    uses org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
    uses org.fixmyquarter.spi.i18n.LanguagePack;
    uses org.fixmyquarter.spi.media.MediaStore;
    uses org.fixmyquarter.spi.notification.NotificationChannel;
}
