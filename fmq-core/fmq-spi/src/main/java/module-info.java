/**
 * The FixMyQuarter plugin SPI: the extension points a plugin implements, and the immutable values
 * they receive.
 *
 * <p>This module depends on the JDK only, so that a plugin author needs nothing else on the
 * compile path. Plugins declare their implementations both with {@code provides ... with} in their
 * own {@code module-info.java} and in {@code META-INF/services}, so they load on the module path
 * and on the class path alike.
 */
module org.fixmyquarter.spi {
    exports org.fixmyquarter.spi;
    exports org.fixmyquarter.spi.category;
    exports org.fixmyquarter.spi.event;
    exports org.fixmyquarter.spi.helpdesk;
    exports org.fixmyquarter.spi.i18n;
    exports org.fixmyquarter.spi.media;
    exports org.fixmyquarter.spi.notification;
}
