package org.fixmyquarter.plugins.channel.amqp;

import java.nio.charset.StandardCharsets;

import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.event.ReportSnapshot;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.notification.Notification;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * Writes the JSON body of the message for a notification. Fields that have no value are left out
 * rather than written as {@code null}, and so are the coordinates of a report without a position
 * (a NaN is not JSON).
 */
final class AmqpMessages {

    private final JsonProvider json;

    AmqpMessages(JsonProvider json) {
        this.json = json;
    }

    byte[] body(Notification notification) {
        ReportEvent event = notification.event();
        JsonObjectBuilder body = json.createObjectBuilder()
                .add("eventId", event.eventId())
                .add("type", event.type())
                .add("occurredAt", event.occurredAt().toString())
                .add("report", report(event.report()));
        // The kinds of event this SPI version knows carry more than the snapshot; a newer one is
        // published with the common fields only, which is what consumers are told to expect.
        if (event instanceof ReportStatusChanged changed) {
            addIfPresent(body, "from", changed.from());
            addIfPresent(body, "to", changed.to());
            addIfPresent(body, "actorName", changed.actorName());
            addIfPresent(body, "reason", changed.reason());
        } else if (event instanceof ReportCommented commented) {
            JsonObjectBuilder comment = json.createObjectBuilder().add("official", commented.official());
            addIfPresent(comment, "id", commented.commentId());
            addIfPresent(comment, "authorName", commented.authorName());
            addIfPresent(comment, "text", commented.text());
            body.add("comment", comment);
        }
        body.add("locale", notification.locale().toLanguageTag())
                .add("subject", notification.subject())
                .add("text", notification.text());
        return body.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonObjectBuilder report(ReportSnapshot report) {
        JsonObjectBuilder builder = json.createObjectBuilder()
                .add("id", report.id())
                .add("title", report.title())
                .add("category", report.category())
                .add("status", report.status())
                .add("authorName", report.authorName())
                .add("createdAt", report.createdAt().toString())
                .add("updatedAt", report.updatedAt().toString());
        addIfPresent(builder, "description", report.description());
        if (report.hasPosition()) {
            builder.add("latitude", report.latitude()).add("longitude", report.longitude());
            if (report.accuracyMetres() != null) {
                builder.add("accuracyMetres", report.accuracyMetres());
            }
        }
        addIfPresent(builder, "address", report.address());
        return builder;
    }

    private static void addIfPresent(JsonObjectBuilder builder, String name, String value) {
        if (value != null) {
            builder.add(name, value);
        }
    }
}
