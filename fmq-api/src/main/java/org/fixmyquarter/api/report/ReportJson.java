package org.fixmyquarter.api.report;

import java.io.InputStream;
import java.io.StringReader;
import java.util.List;
import java.util.function.Function;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.moderation.ModerationJson;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportContacts;
import org.fixmyquarter.core.report.StatusChange;

/**
 * The JSON shape of reports and their history in the API, both ways.
 */
public final class ReportJson {

    private ReportJson() {
    }

    public static NewReport readNewReport(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        NewReport report = new NewReport(
                json.string("title"),
                json.string("description"),
                json.string("category"),
                json.number("location.lat"),
                json.number("location.lon"),
                json.number("location.accuracy"),
                json.string("location.address"),
                json.value("geometry"));
        json.check();
        return report;
    }

    /** A stable digest input: the same report content always gives the same text. */
    public static String canonical(NewReport report) {
        return String.join("\u0000", String.valueOf(report.title()), String.valueOf(report.description()),
                String.valueOf(report.category()), String.valueOf(report.latitude()),
                String.valueOf(report.longitude()), String.valueOf(report.accuracyMeters()),
                String.valueOf(report.address()), String.valueOf(report.geometry()));
    }

    /**
     * @param report a report along a street or over a zone
     * @return its GeoJSON LineString or Polygon, as stored
     */
    static JsonObject geometry(Report report) {
        return JsonBody.JSON.createReader(new StringReader(report.getGeometry())).readObject();
    }

    /**
     * @param report a report
     * @param photos its {@code photos}, as the reader may see them
     * @return its JSON; {@code mergedInto} names the original of a merged duplicate, {@code hidden}
     *         marks a report a moderator hid (only staff are shown those)
     */
    public static JsonObject write(Report report, JsonArray photos) {
        return write(report, photos, null);
    }

    /**
     * @param report a report
     * @param photos its {@code photos}, as the reader may see them
     * @param areas  its {@code areas} ([{id, name}], largest first), or {@code null} to leave them out
     * @return its JSON, as {@link #write(Report, JsonArray)} with the areas it was routed to
     */
    public static JsonObject write(Report report, JsonArray photos, JsonArray areas) {
        return write(report, photos, areas, null);
    }

    /**
     * @param report a report
     * @param photos its {@code photos}, as the reader may see them
     * @param areas  its {@code areas} ([{id, name}], largest first), or {@code null} to leave them out
     * @param body   its {@code body} ({id, name} or JSON null), or {@code null} to leave it out
     * @return its JSON, as {@link #write(Report, JsonArray, JsonArray)} with the responsible body
     */
    public static JsonObject write(Report report, JsonArray photos, JsonArray areas, JsonValue body) {
        // A report made without a position has only its address here.
        JsonObjectBuilder location = JsonBody.JSON.createObjectBuilder();
        if (report.hasPosition()) {
            location.add("lat", report.getLatitude()).add("lon", report.getLongitude());
        }
        if (report.getAccuracyMeters() != null) {
            location.add("accuracy", report.getAccuracyMeters());
        }
        if (report.getAddress() != null) {
            location.add("address", report.getAddress());
        }
        JsonObjectBuilder json = JsonBody.JSON.createObjectBuilder()
                .add("id", report.getId())
                .add("title", report.getTitle());
        if (report.getDescription() != null) {
            json.add("description", report.getDescription());
        }
        if (report.getMergedInto() != null) {
            json.add("mergedInto", report.getMergedInto());
        }
        ModerationJson.addHidden(json, report.getHiding());
        json.add("category", report.getCategory())
                .add("status", report.getStatus().wireName())
                .add("location", location);
        if (report.getGeometry() != null) {
            json.add("geometry", geometry(report));
        }
        json.add("author", report.getAuthorName())
                .add("assignedTo", textOrNull(report.getAssignedTo()))
                .add("votes", report.getVoteCount())
                .add("photos", photos);
        if (areas != null) {
            json.add("areas", areas);
        }
        if (body != null) {
            json.add("body", body);
        }
        return json.add("createdAt", report.getCreatedAt().toString())
                .add("updatedAt", report.getUpdatedAt().toString())
                .build();
    }

    /**
     * Adds what a report read alone shows beside its own members: {@code attributes} when it has
     * answers, {@code contact} when the reader may see its contact details.
     *
     * @param report its JSON
     * @param extras its answers and contact details
     * @return the JSON with them
     */
    static JsonObject withExtras(JsonObject report, ReportTransactions.Extras extras) {
        if (extras.answers().isEmpty() && extras.contact().isEmpty()) {
            return report;
        }
        JsonObjectBuilder json = JsonBody.JSON.createObjectBuilder(report);
        if (!extras.answers().isEmpty()) {
            JsonObjectBuilder answers = JsonBody.JSON.createObjectBuilder();
            extras.answers().forEach((code, values) -> answers.add(code, JsonBody.JSON.createArrayBuilder(values)));
            json.add("attributes", answers);
        }
        extras.contact().ifPresent(contact -> {
            ReportContacts.Details details = contact.details();
            JsonObjectBuilder person = JsonBody.JSON.createObjectBuilder();
            addIfPresent(person, "email", details.email());
            addIfPresent(person, "firstName", details.firstName());
            addIfPresent(person, "lastName", details.lastName());
            addIfPresent(person, "phone", details.phone());
            addIfPresent(person, "deviceId", details.deviceId());
            addIfPresent(person, "appAccountId", details.appAccount());
            addIfPresent(person, "accountId", contact.getAccountId());
            json.add("contact", person.add("receivedAt", contact.getCreatedAt().toString()));
        });
        return json.build();
    }

    private static void addIfPresent(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }

    static JsonArrayBuilder writeAll(List<Report> reports, Function<String, JsonArray> photos,
                                     Function<Report, JsonValue> body) {
        JsonArrayBuilder items = JsonBody.JSON.createArrayBuilder();
        reports.forEach(r -> items.add(write(r, photos.apply(r.getId()), null, body.apply(r))));
        return items;
    }

    /**
     * Every stored entry can be written, whatever an older version let through: an unassignment
     * was stored without a team (the history then failed for good), so every value that may be
     * missing becomes JSON null rather than an exception.
     */
    static JsonObject write(StatusChange change) {
        JsonObjectBuilder json = JsonBody.JSON.createObjectBuilder().add("kind", change.getKind());
        if (StatusChange.KIND_ASSIGNED.equals(change.getKind())) {
            json.add("assignedTo", textOrNull(change.getDetail()));
        } else if (StatusChange.KIND_MERGED.equals(change.getKind())) {
            json.add("mergedInto", textOrNull(change.getDetail()));
        } else if (StatusChange.KIND_BODY.equals(change.getKind())) {
            json.add("body", textOrNull(change.getDetail()));
        }
        json.add("from", change.getFrom() == null ? JsonValue.NULL : textOrNull(change.getFrom().wireName()))
                .add("to", textOrNull(change.getTo().wireName()))
                .add("actor", textOrNull(change.getActorName()))
                .add("at", change.getChangedAt() == null ? JsonValue.NULL : textOrNull(change.getChangedAt().toString()));
        if (change.getReason() != null) {
            json.add("reason", change.getReason());
        }
        return json.build();
    }

    private static JsonValue textOrNull(String text) {
        return text == null ? JsonValue.NULL : JsonBody.JSON.createValue(text);
    }
}
