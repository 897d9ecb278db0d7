package org.fixmyquarter.api.open311;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.StatusChange;
import org.fixmyquarter.spi.category.CategoryAttribute;

/**
 * How FixMyQuarter's reports read in GeoReport v2: statuses ({@code open} and {@code in_progress}
 * are {@code open}; {@code resolved}, {@code duplicate} and {@code rejected} are {@code closed}),
 * ISO 8601 date-times with the deployment's offset, the period a list covers, and the members of
 * a request and of an update (docs/open311.md, "Mapping"), and a category's questions as a service
 * definition's attributes.
 */
public final class Open311Mapping {

    /** The longest period one list may cover, and the default one: GeoReport's 90 days. */
    public static final Duration MAX_WINDOW = Duration.ofDays(90);

    private Open311Mapping() {
    }

    /**
     * A category's questions as a service definition's {@code attributes}, with the members the
     * specification lists, in its order: {@code variable} (always true: each takes an answer),
     * {@code code}, {@code datatype}, {@code required}, {@code datatype_description} (empty),
     * {@code order} (from 1), {@code description}, {@code values} ({@code key} and {@code name}; empty
     * unless a list).
     *
     * @param questions the category's questions
     * @return the attributes
     */
    public static List<Object> attributes(List<CategoryAttribute> questions) {
        List<Object> attributes = new ArrayList<>();
        for (CategoryAttribute question : questions) {
            Map<String, Object> attribute = new LinkedHashMap<>();
            attribute.put("variable", true);
            attribute.put("code", question.code());
            attribute.put("datatype", question.datatype().wireName());
            attribute.put("required", question.required());
            attribute.put("datatype_description", null);
            attribute.put("order", attributes.size() + 1);
            attribute.put("description", question.description());
            List<Object> values = new ArrayList<>();
            for (CategoryAttribute.Value value : question.values()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("key", value.key());
                item.put("name", value.name());
                values.add(item);
            }
            attribute.put("values", new Open311Writer.Items("value", values));
            attributes.add(attribute);
        }
        return attributes;
    }

    /**
     * @param status a report's status
     * @return {@code open} or {@code closed}
     */
    public static String status(ReportStatus status) {
        return status == ReportStatus.OPEN || status == ReportStatus.IN_PROGRESS ? "open" : "closed";
    }

    /**
     * @param open311 GeoReport statuses, comma-separated ({@code open}, {@code closed}), or
     *                {@code null}
     * @param params  the request's parameters, for the refusal
     * @return the report statuses they stand for; every status when {@code null}
     * @throws Open311Exception if a status is neither open nor closed
     */
    public static Set<ReportStatus> statuses(String open311, Open311Parameters params) {
        if (open311 == null) {
            return EnumSet.allOf(ReportStatus.class);
        }
        Set<ReportStatus> statuses = EnumSet.noneOf(ReportStatus.class);
        for (String part : open311.split(",")) {
            switch (part.strip().toLowerCase(Locale.ROOT)) {
                case "open" -> statuses.addAll(EnumSet.of(ReportStatus.OPEN, ReportStatus.IN_PROGRESS));
                case "closed" -> statuses.addAll(EnumSet.complementOf(EnumSet.of(ReportStatus.OPEN,
                        ReportStatus.IN_PROGRESS)));
                default -> throw params.invalid("status", "must be open or closed (got '"
                        + Open311Parameters.shorten(part.strip()) + "')");
            }
        }
        return statuses;
    }

    /**
     * @param instant an instant
     * @param zone    the deployment's time zone
     * @return it in ISO 8601 with the zone's offset, to the second: {@code 2025-06-02T10:00:00+02:00}
     */
    public static String dateTime(Instant instant, ZoneId zone) {
        return instant == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.truncatedTo(ChronoUnit.SECONDS).atZone(zone).toOffsetDateTime());
    }

    /**
     * Reads a date-time parameter: ISO 8601 with an offset or {@code Z} (as the specification
     * asks), or, leniently, without one (then in the deployment's time zone) or a date alone (its
     * start).
     *
     * @param params the request's parameters
     * @param name   the parameter
     * @param zone   the deployment's time zone
     * @return the instant, or {@code null} when absent
     * @throws Open311Exception if it is not such a date-time
     */
    public static Instant instant(Open311Parameters params, String name, ZoneId zone) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            // lenient forms below
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            // a date alone below
        }
        try {
            return LocalDate.parse(value).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw params.invalid(name, "must be an ISO 8601 date-time such as 2025-06-02T10:00:00+02:00 (got '"
                    + Open311Parameters.shorten(value) + "')");
        }
    }

    /**
     * The period a list covers: {@code start_date} to {@code end_date}, the last
     * {@link #MAX_WINDOW} by default; a longer one is refused rather than cut, so that a client
     * never mistakes a shortened list for the whole.
     *
     * @param params the request's parameters
     * @param zone   the deployment's time zone
     * @param now    the current instant
     * @return from (included) and to (excluded)
     * @throws Open311Exception if a date is malformed, the end before the start, or the period too long
     */
    public static Window window(Open311Parameters params, ZoneId zone, Instant now) {
        Instant start = instant(params, "start_date", zone);
        Instant end = instant(params, "end_date", zone);
        if (end == null) {
            end = now;
        }
        if (start == null) {
            start = end.minus(MAX_WINDOW);
        }
        if (end.isBefore(start)) {
            throw params.invalid("end_date", "must not be before start_date");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw params.invalid("start_date", "and end_date may span at most "
                    + MAX_WINDOW.toDays() + " days: ask for a shorter period, several times if need be");
        }
        // The end is excluded in the core; a client's end_date is meant included, to the second.
        return new Window(start, end.plusSeconds(1));
    }

    /**
     * A period of time.
     *
     * @param from the first instant included
     * @param to   the first instant no longer included
     */
    public record Window(Instant from, Instant to) {
    }

    /**
     * One {@code request} of {@code GET requests}, with every member the specification lists, in
     * its order; those FixMyQuarter has no value for are {@code null} (empty in XML).
     *
     * @param report      the report
     * @param serviceName the name of its category
     * @param last        the last step of its history that set its status, or {@code null}
     * @param bodyName    the name of its responsible body, or {@code null} when no body handles it
     * @param zone        the deployment's time zone
     * @return the members
     */
    public static Map<String, Object> request(Report report, String serviceName, StatusChange last, String bodyName,
                                              ZoneId zone) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("service_request_id", report.getId());
        request.put("status", status(report.getStatus()));
        request.put("status_notes", last == null ? null : last.getReason());
        request.put("service_name", serviceName);
        request.put("service_code", report.getCategory());
        request.put("description", description(report));
        // The body answers for the report; a deployment without bodies names the team it is assigned to.
        request.put("agency_responsible", bodyName != null ? bodyName : report.getAssignedTo());
        request.put("service_notice", null);
        request.put("requested_datetime", dateTime(report.getCreatedAt(), zone));
        request.put("updated_datetime", dateTime(report.getUpdatedAt(), zone));
        request.put("expected_datetime", null);
        request.put("address", report.getAddress());
        request.put("address_id", null);
        request.put("zipcode", null);
        request.put("lat", report.getLatitude());
        request.put("long", report.getLongitude());
        request.put("media_url", null);
        return request;
    }

    /**
     * One {@code request_update} of FixMyStreet's {@code servicerequestupdates}: a step of a
     * report's public history.
     *
     * @param change the step
     * @param zone   the deployment's time zone
     * @return the members
     */
    public static Map<String, Object> update(StatusChange change, ZoneId zone) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("update_id", change.getId());
        update.put("service_request_id", change.getReportId());
        update.put("status", status(change.getTo()));
        update.put("updated_datetime", dateTime(change.getChangedAt(), zone));
        String description = change.getReason();
        if (StatusChange.KIND_ASSIGNED.equals(change.getKind()) && change.getDetail() != null) {
            description = description == null ? "Assigned to " + change.getDetail()
                    : "Assigned to " + change.getDetail() + ": " + description;
        }
        update.put("description", description);
        update.put("media_url", null);
        update.put("external_status_code", change.getTo().wireName());
        return update;
    }

    /**
     * GeoReport has one text: the report's title, then its details; a report posted through
     * GeoReport has a title taken from its details' first line ({@link #title}), so its details
     * alone are the text it was posted with.
     */
    static String description(Report report) {
        String details = report.getDescription();
        if (details == null || details.isBlank()) {
            return report.getTitle();
        }
        String title = report.getTitle().endsWith("…")
                ? report.getTitle().substring(0, report.getTitle().length() - 1) : report.getTitle();
        return details.startsWith(title) ? details : report.getTitle() + "\n\n" + details;
    }

    /**
     * The title of a report posted through GeoReport, which has none: the first line of the
     * description, cut at a word to {@code max} characters, or the service's name without one.
     *
     * @param description the posted description, or {@code null}
     * @param serviceName the service's name
     * @param max         the longest title
     * @return the title
     */
    public static String title(String description, String serviceName, int max) {
        if (description == null || description.isBlank()) {
            return serviceName.length() > max ? serviceName.substring(0, max) : serviceName;
        }
        String line = description.strip().lines().findFirst().orElse("").strip();
        if (line.length() <= max) {
            return line;
        }
        int cut = line.lastIndexOf(' ', max - 1);
        return (cut > max / 2 ? line.substring(0, cut) : line.substring(0, max - 1)).strip() + "…";
    }
}
