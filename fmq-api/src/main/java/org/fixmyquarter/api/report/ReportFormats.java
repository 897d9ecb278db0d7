package org.fixmyquarter.api.report;

import java.util.List;
import java.util.function.Function;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportCluster;

/**
 * A page of reports for a map (GeoJSON, RFC 7946) or a spreadsheet (CSV, RFC 4180), besides the
 * API's own JSON.
 */
final class ReportFormats {

    /** GeoJSON's media type. */
    static final String GEOJSON = "application/geo+json";
    /** CSV's media type, in UTF-8. */
    static final String CSV = "text/csv";
    static final MediaType GEOJSON_TYPE = MediaType.valueOf(GEOJSON);
    static final MediaType CSV_TYPE = MediaType.valueOf(CSV + ";charset=UTF-8");

    private static final String[] CSV_COLUMNS = {"id", "title", "category", "status", "votes", "lat", "lon",
            "address", "author", "assignedTo", "createdAt", "updatedAt", "hidden", "bodyId", "bodyName"};

    private ReportFormats() {
    }

    /**
     * @param reports the page
     * @param next    the cursor of the next page, or {@code null}; a foreign member, which GeoJSON
     *                readers ignore
     * @param photos  each report's photos, so a map's pop-up can show a thumbnail
     * @param body    each report's responsible body, {id, name} or JSON null
     * @return a FeatureCollection of points, longitude first as GeoJSON requires; a report along a
     *         street or over a zone is its LineString or Polygon, one without a position a feature
     *         with a {@code null} geometry
     */
    static String geoJson(List<Report> reports, String next, Function<String, JsonArray> photos,
                          Function<Report, JsonValue> body) {
        JsonArrayBuilder features = JsonBody.JSON.createArrayBuilder();
        for (Report report : reports) {
            JsonObjectBuilder properties = JsonBody.JSON.createObjectBuilder()
                    .add("title", report.getTitle())
                    .add("category", report.getCategory())
                    .add("status", report.getStatus().wireName())
                    .add("votes", report.getVoteCount())
                    .add("photos", photos.apply(report.getId()))
                    .add("createdAt", report.getCreatedAt().toString())
                    .add("updatedAt", report.getUpdatedAt().toString())
                    .add("body", body.apply(report));
            if (report.getAddress() != null) {
                properties.add("address", report.getAddress());
            }
            if (report.getAssignedTo() != null) {
                properties.add("assignedTo", report.getAssignedTo());
            }
            // Only staff are shown hidden reports; an export they publish must say which.
            if (report.getHiding().isHidden()) {
                properties.add("hidden", report.getHiding().getHiddenReason());
            }
            JsonObjectBuilder feature = JsonBody.JSON.createObjectBuilder()
                    .add("type", "Feature")
                    .add("id", report.getId());
            if (report.getGeometry() != null) {
                // A stretch of street or a zone is drawn as itself; its point stays in the JSON output.
                feature.add("geometry", ReportJson.geometry(report));
            } else if (report.hasPosition()) {
                feature.add("geometry", point(report.getLongitude(), report.getLatitude()));
            } else {
                // RFC 7946, 3.2: an unlocated feature has a null geometry; map tools list it without a marker.
                feature.addNull("geometry");
            }
            features.add(feature.add("properties", properties));
        }
        JsonObjectBuilder collection = JsonBody.JSON.createObjectBuilder().add("type", "FeatureCollection")
                .add("features", features);
        if (next == null) {
            collection.addNull("next");
        } else {
            collection.add("next", next);
        }
        return collection.build().toString();
    }

    /**
     * @param clusters the map's clusters
     * @return a FeatureCollection of points, one per cluster at its reports' mean position, with
     *         {@code properties.count}; a cluster of one report also has the report's {@code id},
     *         {@code title}, {@code status} and {@code category}, and the report's id as the
     *         feature's
     */
    static String clusterGeoJson(List<ReportCluster> clusters) {
        JsonArrayBuilder features = JsonBody.JSON.createArrayBuilder();
        for (ReportCluster cluster : clusters) {
            JsonObjectBuilder properties = JsonBody.JSON.createObjectBuilder().add("count", cluster.count());
            JsonObjectBuilder feature = JsonBody.JSON.createObjectBuilder().add("type", "Feature");
            if (cluster.single()) {
                feature.add("id", cluster.id());
                properties.add("id", cluster.id())
                        .add("title", cluster.title())
                        .add("status", cluster.status().wireName())
                        .add("category", cluster.category());
            }
            features.add(feature.add("geometry", point(cluster.longitude(), cluster.latitude()))
                    .add("properties", properties));
        }
        return JsonBody.JSON.createObjectBuilder().add("type", "FeatureCollection").add("features", features).build()
                .toString();
    }

    /** A GeoJSON point: longitude first. */
    private static JsonObjectBuilder point(double longitude, double latitude) {
        return JsonBody.JSON.createObjectBuilder().add("type", "Point")
                .add("coordinates", JsonBody.JSON.createArrayBuilder().add(longitude).add(latitude));
    }

    /**
     * @param reports the page
     * @param body    each report's responsible body, {id, name} or JSON null
     * @return a header line and one line per report
     */
    static String csv(List<Report> reports, Function<Report, JsonValue> body) {
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (Report report : reports) {
            JsonValue responsible = body.apply(report);
            JsonObject named = responsible instanceof JsonObject ? (JsonObject) responsible : null;
            Object[] values = {report.getId(), report.getTitle(), report.getCategory(), report.getStatus().wireName(),
                    report.getVoteCount(), report.getLatitude(), report.getLongitude(), report.getAddress(),
                    report.getAuthorName(), report.getAssignedTo(), report.getCreatedAt(), report.getUpdatedAt(),
                    report.getHiding().isHidden() ? report.getHiding().getHiddenReason() : null,
                    named == null ? null : named.getString("id"), named == null ? null : named.getString("name")};
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(cell(values[i]));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String text = value.toString();
        // A citizen's title opened in a spreadsheet must stay text, never become a formula.
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                || text.startsWith("'")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
