package org.fixmyquarter.core.internal;

import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.event.ReportSnapshot;
import org.fixmyquarter.spi.event.ReportStatusChanged;

/**
 * Turns a stored outbox envelope back into the SPI event plugins receive.
 */
public final class Events {

    /**
     * A report handed over to another body; read as a {@link ReportCreated} for the new body's
     * connector, the only plugin the dispatcher gives it to.
     */
    public static final String BODY_CHANGED = "report.body_changed";

    private Events() {
    }

    /**
     * @param payload the outbox row's JSON envelope, as {@link Outbox} wrote it
     * @return the event, or empty for a type plugins do not receive
     */
    public static Optional<ReportEvent> parse(String payload) {
        return parse(envelope(payload));
    }

    /**
     * @param payload the outbox row's JSON envelope, as {@link Outbox} wrote it
     * @return the envelope read, for a caller that needs more of it than the event
     */
    public static JsonObject envelope(String payload) {
        try (JsonReader reader = Outbox.JSON.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }

    /**
     * @param envelope an outbox row's JSON envelope, already read
     * @return the event, or empty for a type plugins do not receive
     */
    public static Optional<ReportEvent> parse(JsonObject envelope) {
        String type = envelope.getString("type");
        if (!ReportCreated.TYPE.equals(type) && !ReportCommented.TYPE.equals(type)
                && !ReportStatusChanged.TYPE.equals(type) && !BODY_CHANGED.equals(type)) {
            // Votes, edits and the like carry no report summary and no plugin receives them.
            return Optional.empty();
        }
        String id = envelope.getString("id");
        Instant at = Instant.parse(envelope.getString("occurredAt"));
        JsonObject data = envelope.getJsonObject("data");
        ReportSnapshot report = new ReportSnapshot(data.getString("reportId"), data.getString("title"),
                data.getString("description", null), data.getString("category"),
                coordinate(data, "lat"), coordinate(data, "lon"),
                optionalDouble(data, "accuracy"), data.getString("address", null), data.getString("status"),
                data.getString("author", "Anonymous"), Instant.parse(data.getString("createdAt", at.toString())),
                Instant.parse(data.getString("updatedAt", at.toString())));
        switch (type) {
            case ReportCreated.TYPE:
            case BODY_CHANGED:
                // To the body it is handed over to, a report arrives as a new one: its connector
                // opens a case (once: a connector keeps one case per report).
                return Optional.of(new ReportCreated(id, at, report));
            case ReportCommented.TYPE:
                return Optional.of(new ReportCommented(id, at, report, data.getString("commentId"),
                        data.getString("commentAuthor", "Anonymous"), data.getString("text", ""),
                        data.getBoolean("official", false)));
            case ReportStatusChanged.TYPE:
                return Optional.of(new ReportStatusChanged(id, at, report, data.getString("from"),
                        report.status(), data.getString("actor", "Anonymous"), data.getString("reason", "")));
            default:
                return Optional.empty();
        }
    }

    /** A report without a position has no coordinates in its summary; plugins read NaN (SPI 1.2). */
    private static double coordinate(JsonObject data, String name) {
        Double value = optionalDouble(data, name);
        return value == null ? Double.NaN : value;
    }

    private static Double optionalDouble(JsonObject data, String name) {
        JsonNumber number = data.containsKey(name) && !data.isNull(name) ? data.getJsonNumber(name) : null;
        return number == null ? null : number.doubleValue();
    }

    /**
     * The report as plugins receive it, for the data of an event; {@link #parse} reads it back.
     *
     * @param report the report after the change
     * @return its fields, to which the event adds its own
     */
    public static JsonObjectBuilder summary(Report report) {
        JsonObjectBuilder data = Outbox.JSON.createObjectBuilder()
                .add("reportId", report.getId())
                .add("title", report.getTitle())
                .add("category", report.getCategory())
                .add("status", report.getStatus().wireName())
                .add("author", report.getAuthorName())
                .add("createdAt", report.getCreatedAt().toString())
                .add("updatedAt", report.getUpdatedAt().toString());
        if (report.hasPosition()) {
            data.add("lat", report.getLatitude()).add("lon", report.getLongitude());
        }
        if (report.getDescription() != null) {
            data.add("description", report.getDescription());
        }
        if (report.getAccuracyMeters() != null) {
            data.add("accuracy", report.getAccuracyMeters());
        }
        if (report.getAddress() != null) {
            data.add("address", report.getAddress());
        }
        if (report.getBodyId() != null) {
            // Fan-out reads it to send the event to the body's delivery target only.
            data.add("bodyId", report.getBodyId());
        }
        return data;
    }
}
