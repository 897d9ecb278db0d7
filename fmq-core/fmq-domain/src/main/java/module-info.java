/**
 * The FixMyQuarter core: the domain model of reports and their workflow, mapped with JPA, usable
 * inside the server or embedded in any Java program.
 *
 * <p>Only the API packages are exported; {@code org.fixmyquarter.core.internal} holds the
 * implementation. Entity packages are opened because the JPA provider reads and weaves them
 * reflectively.
 */
module org.fixmyquarter.core {
    requires transitive org.fixmyquarter.spi;
    requires transitive jakarta.persistence;
    // The audit log's entries and the plugin events carry JSON-P values.
    requires transitive jakarta.json;
    requires com.nulabinc.zxcvbn;
    // Areas: polygons, their validity and point-in-polygon routing.
    requires org.locationtech.jts;
    // Webhooks: the dispatcher POSTs events to the receivers administrators register.
    requires java.net.http;
    // Photos: the job renders uploads; redactions take the imaging module's rectangles.
    requires transitive org.fixmyquarter.imaging;

    exports org.fixmyquarter.core;
    exports org.fixmyquarter.core.error;
    exports org.fixmyquarter.core.category;
    exports org.fixmyquarter.core.report;
    exports org.fixmyquarter.core.idempotency;
    exports org.fixmyquarter.core.plugin;
    exports org.fixmyquarter.core.delivery;
    exports org.fixmyquarter.core.account;
    exports org.fixmyquarter.core.audit;
    exports org.fixmyquarter.core.comment;
    exports org.fixmyquarter.core.i18n;
    exports org.fixmyquarter.core.follow;
    exports org.fixmyquarter.core.notification;
    exports org.fixmyquarter.core.moderation;
    exports org.fixmyquarter.core.photo;
    exports org.fixmyquarter.core.helpdesk;
    exports org.fixmyquarter.core.area;
    exports org.fixmyquarter.core.body;
    exports org.fixmyquarter.core.apikey;

    opens org.fixmyquarter.core.report;
    opens org.fixmyquarter.core.idempotency;
    opens org.fixmyquarter.core.delivery;
    opens org.fixmyquarter.core.account;
    opens org.fixmyquarter.core.audit;
    opens org.fixmyquarter.core.comment;
    opens org.fixmyquarter.core.follow;
    opens org.fixmyquarter.core.notification;
    opens org.fixmyquarter.core.moderation;
    opens org.fixmyquarter.core.photo;
    opens org.fixmyquarter.core.area;
    opens org.fixmyquarter.core.body;
    opens org.fixmyquarter.core.internal;
    opens org.fixmyquarter.core.apikey;

    uses org.fixmyquarter.spi.category.CategoryProvider;
    uses org.fixmyquarter.spi.i18n.LanguagePack;
    uses org.fixmyquarter.spi.notification.NotificationChannel;
    uses org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
    uses org.fixmyquarter.spi.media.MediaStore;
}
