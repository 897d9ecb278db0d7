package org.fixmyquarter.api.report;

import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Variant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Encoding;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fixmyquarter.api.area.AreaJson;
import org.fixmyquarter.api.area.AreaTransactions;
import org.fixmyquarter.api.body.BodyJson;
import org.fixmyquarter.api.body.BodyTransactions;
import org.fixmyquarter.api.cache.PublicCached;
import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.metrics.ServerMetrics;
import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.api.idempotency.IdempotentRequests;
import org.fixmyquarter.api.photo.PhotoLinks;
import org.fixmyquarter.api.photo.PhotoTransactions;
import org.fixmyquarter.api.photo.PhotoUploads;
import org.fixmyquarter.api.photo.ReceivedPhoto;
import org.fixmyquarter.api.http.Paging;
import org.fixmyquarter.api.http.Representations;
import org.fixmyquarter.api.moderation.ModerationJson;
import org.fixmyquarter.api.moderation.ModerationTransactions;
import org.fixmyquarter.api.persistence.WriteConflicts;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.area.Area;
import org.fixmyquarter.core.body.Body;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.idempotency.IdempotencyKeys;
import org.fixmyquarter.core.photo.PhotoSettings;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportPage;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.SimilarReport;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.ReportVotes;

/**
 * {@code /api/v1/reports}: citizens report problems; everyone reads them; staff move them along
 * the workflow.
 */
@RequestScoped
@Path("/reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports", description = "Problems reported by citizens")
@APIResponse(responseCode = "500", description = "Server fault, with an incident id",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class ReportsResource {

    /** The scope idempotency keys of report creation belong to. */
    static final String CREATE_SCOPE = "POST /api/v1/reports";

    private static final String NEW_REPORT_EXAMPLE = "{\"title\":\"Pothole\",\"description\":\"Deep hole near the school\","
            + "\"category\":\"road\",\"location\":{\"lat\":48.8566,\"lon\":2.3522,\"accuracy\":8}}";

    private static final String UNLOCATED_REPORT_EXAMPLE = "{\"title\":\"Street lights out\","
            + "\"category\":\"streetlight-out\",\"location\":{\"address\":\"Canal path, Quartier Saint-Vincent\"}}";
    private static final String STREET_REPORT_EXAMPLE = "{\"title\":\"Pavement broken all along\","
            + "\"category\":\"pothole\",\"geometry\":{\"type\":\"LineString\","
            + "\"coordinates\":[[2.3522,48.8566],[2.3561,48.8570],[2.3590,48.8581]]}}";

    @Inject
    private ServerMetrics metrics;

    @Inject
    private ReportTransactions transactions;

    @Inject
    private ReportReads reads;

    @Inject
    private ModerationTransactions moderation;

    @Inject
    private IdempotentRequests idempotent;

    @Inject
    private PhotoLinks photoLinks;

    @Inject
    private PhotoUploads uploads;

    @Inject
    private PhotoSettings photoSettings;

    @Inject
    private AreaTransactions areas;

    @Inject
    private BodyTransactions bodies;

    @Inject
    private Texts texts;

    @Context
    private HttpHeaders requestHeaders;

    @Context
    private UriInfo uriInfo;

    @Context
    private SecurityContext security;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.MULTIPART_FORM_DATA})
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "createReport", summary = "Report a problem",
            description = "Creates a report in status 'open'. Its location is a position (lat and lon, "
                    + "with an optional accuracy and address) or, when the citizen gives none (geolocation "
                    + "refused), an address, landmark or area name alone; a report without a position is left "
                    + "out of distance and map searches. Or, instead of lat and lon, a geometry: a stretch of street "
                    + "(GeoJSON LineString) or a zone (Polygon), at most 500 positions, 5 km long, 1 km²; its "
                    + "location.lat/lon are then its representative point, and it is routed to every area it "
                    + "touches, its body chosen at that point (docs/areas.md). It is routed to its areas and to the responsible body of "
                    + "its category there (body: {id, name}, or null; docs/areas.md). Send an Idempotency-Key to retry safely: "
                    + "a replay of the same key and body returns the first response. Roles: anyone; a "
                    + "signed-in user is recorded as the author, a visitor as Anonymous. With photos, in one request "
                    + "from a phone: multipart/form-data with the report as JSON in a part named 'report' and up to "
                    + "fmq.photos.per-report parts named 'photo' (signed in; the photos are checked as by "
                    + "addReportPhotos, and the report is stored only with all of them).")
    @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "NewReport"), examples = {@ExampleObject(name = "pothole", value = NEW_REPORT_EXAMPLE),
                    @ExampleObject(name = "without position", value = UNLOCATED_REPORT_EXAMPLE),
                    @ExampleObject(name = "along a street", value = STREET_REPORT_EXAMPLE)}),
            @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(ref = "NewReportWithPhotos"),
                    encoding = @Encoding(name = "report", contentType = MediaType.APPLICATION_JSON))})
    @APIResponse(responseCode = "201", description = "Created; Location names the report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Report")))
    @APIResponse(responseCode = "400", description = "Malformed JSON or invalid fields, each named in 'errors'; a "
            + "refused geometry's message ends with its reason code in brackets (self-intersection, unclosed-ring, "
            + "too-many-vertices, too-long, too-large...)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The first request with this Idempotency-Key is still in progress",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "Photos sent by a visitor who is not signed in",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "The report is larger than 64 KiB, or a photo than "
            + "fmq.photos.max-bytes (photo-too-large)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "The body is neither application/json nor multipart/form-data, "
            + "or a photo is no JPEG, PNG or WebP (photo-unsupported)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for a different request, or a "
            + "photo has too many pixels or is corrupt", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many requests, or the signed-in user's daily quota of "
            + "reports (fmq.quota.reports-per-day) is used up; Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response create(
            @Parameter(description = "Any unique string (a UUID is ideal), reused only to retry the same request")
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Context HttpHeaders headers, InputStream body) {
        Actor author = currentActor();
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type != null && MediaType.MULTIPART_FORM_DATA_TYPE.isCompatible(MediaType.valueOf(type))) {
            return createWithPhotos(author, idempotencyKey, type, body);
        }
        NewReport content = ReportJson.readNewReport(body);
        return idempotent.run(CREATE_SCOPE, author.id(), idempotencyKey,
                IdempotencyKeys.hash(ReportJson.canonical(content)),
                claimed -> created(transactions.create(content, author, uriInfo.getAbsolutePath(), claimed)));
    }

    /**
     * A report and its photos in one request: read whole (the photos to temporary files) and
     * checked before anything is stored, then stored in one transaction.
     */
    private Response createWithPhotos(Actor author, String idempotencyKey, String type, InputStream body) {
        PhotoUploads.Multipart parts = uploads.receiveReport(body, type, photoSettings.perReport());
        try {
            NewReport content = ReportJson.readNewReport(parts.json());
            if (!parts.photos().isEmpty()) {
                // Photos belong to an account (quota, deletion): a visitor reports without them.
                Permissions.checkAddPhoto(author, author.id(), true);
            }
            String hash = IdempotencyKeys.hash(ReportJson.canonical(content) + "\u0000" + parts.photos().stream()
                    .map(ReceivedPhoto::sha256).collect(Collectors.joining(",")));
            return idempotent.run(CREATE_SCOPE, author.id(), idempotencyKey, hash, claimed -> {
                List<PhotoTransactions.Stored> stored = uploads.store(parts.photos());
                try {
                    var urls = photoLinks.urls(uriInfo.getBaseUri());
                    return created(transactions.create(content, author, uriInfo.getAbsolutePath(), claimed, stored,
                            views -> PhotoLinks.write(views, urls)));
                } catch (RuntimeException e) {
                    uploads.discard(stored);
                    throw e;
                }
            });
        } finally {
            parts.photos().forEach(ReceivedPhoto::close);
        }
    }

    private Response created(ReportTransactions.Created created) {
        // After the commit (ReportTransactions is transactional); a replayed key answers without it.
        metrics.reportCreated("api");
        return Response.created(created.location()).type(MediaType.APPLICATION_JSON).entity(created.body()).build();
    }

    @GET
    @Path("/{id}")
    @PublicCached
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "getReport", summary = "Read one report",
            description = "Public. Answers 304 to If-None-Match with the current ETag. A report a moderator hid is "
                    + "not found, except for staff (moderators, operators, administrators), who see it marked hidden: "
                    + "{reason, by, at}. A duplicate merged into another report answers 308 with the original in "
                    + "Location and {mergedInto} in the body. Shows the areas the report was routed to when it was "
                    + "created (areas: [{id, name}], largest first, names in the reader's language) and the body "
                    + "responsible for it (body: {id, name}, or null when no body handles it). A report posted through "
                    + "Open311 also shows its answers to the category's questions (attributes) to everyone, and to "
                    + "operators and administrators the contact details the app sent (contact), until they are removed "
                    + "fmq.open311.contact-retention after the report is closed.")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Report")))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    @APIResponse(responseCode = "308", description = "Merged into the report named in Location; body {mergedInto}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "MergedReport")))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response get(@PathParam("id") String id, @Context Request request) {
        Report report = reads.get(id, Actors.isStaff(security));
        if (report.getMergedInto() != null) {
            return Response.status(308)
                    .location(uriInfo.getBaseUriBuilder().path("reports").path(report.getMergedInto()).build())
                    .entity(JsonBody.JSON.createObjectBuilder().add("mergedInto", report.getMergedInto()).build()
                            .toString())
                    .build();
        }
        Locale reader = texts.locale(requestHeaders);
        List<Area> routed = areas.ofReport(report.getId());
        Body body = report.getBodyId() == null ? null : bodies.byIds(List.of(report.getBodyId())).get(report.getBodyId());
        // The areas' and the body's names are in the reader's language and may be renamed: all are in the tag.
        EntityTag tag = new EntityTag(report.getId() + "." + report.getVersion() + (routed.isEmpty() && body == null
                ? "" : "." + reader.toLanguageTag() + "." + (routed.stream().map(a -> a.getId() + a.getVersion())
                .collect(Collectors.joining()) + (body == null ? "" : body.getId() + body.getVersion())).hashCode())
                // Operators and administrators are shown the contact details too: another answer.
                + (Permissions.seesReportContact(Actors.of(security)) ? ".c" : ""));
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.build();
        }
        Locale fallback = texts.messages().defaultLocale();
        return Response.ok(ReportJson.withExtras(ReportJson.write(report, photosOf(List.of(report.getId()))
                                .apply(report.getId()), AreaJson.ofReport(routed, reader, fallback).build(),
                                BodyJson.ofReport(body, reader, fallback)),
                        transactions.extras(report.getId(), Actors.of(security))).toString())
                .tag(tag).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE).build();
    }

    @GET
    @PublicCached(citizens = true)
    @Produces({MediaType.APPLICATION_JSON, ReportFormats.GEOJSON, ReportFormats.CSV})
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "listReports", summary = "Search reports",
            description = "Public. Filters combine: status, category (with its sub-categories), near=lat,lon with "
                    + "radius (500m, 2km; default 1km), bbox=minLon,minLat,maxLon,maxLat (the visible map), "
                    + "createdFrom/createdTo and updatedFrom/updatedTo (a date, whole days in UTC, or an instant; "
                    + "from included, to excluded), q (words of the title, description or address; language-aware on "
                    + "PostgreSQL), area (an area id: the reports routed to it when they were created, retired "
                    + "areas included), body (a body id: the reports it handles now, its queue). Orders: newest (default), votes (most supported first), nearest (needs near). "
                    + "Page with the 'next' cursor of the previous page (also in the Link header); reports created "
                    + "meanwhile never shift later pages. As JSON, GeoJSON (Accept: application/geo+json or "
                    + "format=geojson: a FeatureCollection of points, and of the LineString or Polygon of a report "
                    + "along a street or over a zone) or CSV (Accept: text/csv or format=csv). "
                    + "A report along a street or over a zone matches near by the distance to its nearest point "
                    + "(nearest orders it so) and bbox when its line or zone touches the rectangle; more than 2000 "
                    + "such reports reached by one search is a 400 (search a smaller one). "
                    + "Reports made without a position never match near, bbox or nearest; in other lists they "
                    + "have no lat/lon (a null geometry in GeoJSON, empty cells in CSV). "
                    + "Reports a moderator hid are listed for staff only.")
    @APIResponse(responseCode = "200", description = "One page: {items, next}, a GeoJSON FeatureCollection "
            + "(with next), or CSV", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ReportPage")),
            @Content(mediaType = ReportFormats.GEOJSON, schema = @Schema(ref = "ReportFeatureCollection")),
            @Content(mediaType = ReportFormats.CSV, schema = @Schema(ref = "ReportsCsv"))})
    @APIResponse(responseCode = "400", description = "Unknown status, category, area, body, order or format; malformed or "
            + "impossible position, radius, rectangle or period; bad limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response list(
            @Parameter(description = "open, in_progress, resolved, duplicate or rejected") @QueryParam("status") String status,
            @Parameter(description = "A category code, see /categories; includes its sub-categories")
            @QueryParam("category") String category,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @Parameter(description = "The 'next' cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "newest (default), votes (most supported first) or nearest (needs near)")
            @QueryParam("sort") String sort,
            @Parameter(description = "Centre of a circle: lat,lon", example = "45.7578,4.8320")
            @QueryParam("near") String near,
            @Parameter(description = "Radius of the circle: 500m, 2km or metres (1 m to 100 km; default 1km)")
            @QueryParam("radius") String radius,
            @Parameter(description = "Visible map: minLon,minLat,maxLon,maxLat", example = "4.82,45.75,4.85,45.77")
            @QueryParam("bbox") String bbox,
            @Parameter(description = "Created at or after: 2026-05-01 or 2026-05-01T08:00:00Z")
            @QueryParam("createdFrom") String createdFrom,
            @Parameter(description = "Created before (a date: up to its end)") @QueryParam("createdTo") String createdTo,
            @Parameter(description = "Last changed at or after") @QueryParam("updatedFrom") String updatedFrom,
            @Parameter(description = "Last changed before (a date: up to its end)")
            @QueryParam("updatedTo") String updatedTo,
            @Parameter(description = "Words that must all appear in the title, description or address (1 to 200 characters)")
            @QueryParam("q") String q,
            @Parameter(description = "json, geojson or csv; overrides Accept") @QueryParam("format") String format,
            @Parameter(description = "An area id (see /areas): reports routed to it when they were created")
            @QueryParam("area") String area,
            @Parameter(description = "A body id (see /bodies): the reports that body handles now, its queue")
            @QueryParam("body") String body,
            @Context Request request) {
        MediaType type = responseType(format, request);
        ReportFilter filter = SearchParameters.apply(new ReportFilter(parseStatus("status", status),
                        Paging.emptyToNull(category), Paging.emptyToNull(cursor),
                        Paging.limit(limit, ReportFilter.DEFAULT_LIMIT, ReportFilter.MAX_LIMIT), parseSort(sort),
                        Actors.isStaff(security)),
                near, radius, bbox, new String[] {createdFrom, createdTo}, new String[] {updatedFrom, updatedTo}, q)
                .withArea(Paging.emptyToNull(area)).withBody(Paging.emptyToNull(body));
        ReportPage page = reads.list(filter);
        Response.ResponseBuilder response = Response.ok().type(type);
        if (page.nextCursor() != null) {
            response.link(uriInfo.getRequestUriBuilder().replaceQueryParam("cursor", page.nextCursor()).build(), "next");
        }
        Map<String, Body> named = bodies.byIds(page.items().stream().map(Report::getBodyId).toList());
        Locale reader = texts.locale(requestHeaders);
        Locale fallback = texts.messages().defaultLocale();
        Function<Report, JsonValue> bodyOf = r -> BodyJson.ofReport(named.get(r.getBodyId()), reader, fallback);
        if (ReportFormats.GEOJSON_TYPE.isCompatible(type)) {
            return response.entity(ReportFormats.geoJson(page.items(), page.nextCursor(), photosOf(ids(page.items())),
                    bodyOf)).build();
        }
        if (ReportFormats.CSV_TYPE.isCompatible(type)) {
            return response.header("Content-Disposition", "attachment; filename=\"reports.csv\"")
                    .entity(ReportFormats.csv(page.items(), bodyOf)).build();
        }
        var json = JsonBody.JSON.createObjectBuilder().add("items", ReportJson.writeAll(page.items(),
                photosOf(ids(page.items())), bodyOf));
        if (page.nextCursor() == null) {
            json.addNull("next");
        } else {
            json.add("next", page.nextCursor());
        }
        return response.entity(json.build().toString()).build();
    }

    @GET
    @Path("/similar")
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "findSimilarReports", summary = "Is this already reported?",
            description = "Public. Before submitting: the open and in-progress reports of the category (with its "
                    + "sub-categories) within the radius of the position, the likeliest duplicate first: nearer, "
                    + "and sharing more words with the text typed so far, count more. Each item is a report with "
                    + "its distance in metres, the share of words in common (0 to 1) and a score (0 to 1), so the "
                    + "page can offer to support it instead.")
    @APIResponse(responseCode = "200", description = "{items: [report + distance, similarity, score]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SimilarReports")))
    @APIResponse(responseCode = "400", description = "Missing or malformed position, unknown category, radius or "
            + "limit out of range", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String similar(
            @Parameter(description = "Latitude, required") @QueryParam("lat") String lat,
            @Parameter(description = "Longitude, required") @QueryParam("lon") String lon,
            @Parameter(description = "Category code, required") @QueryParam("category") String category,
            @Parameter(description = "What the citizen typed (title, description), optional")
            @QueryParam("text") String text,
            @Parameter(description = "How far to look: 250m (default), up to 2km") @QueryParam("radius") String radius,
            @Parameter(description = "How many, 1 to 20 (default 5)", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit) {
        double[] position = SearchParameters.position(lat, lon, radius, ReportService.SIMILAR_RADIUS_DEFAULT);
        List<SimilarReport> similar = reads.similar(position[0], position[1], Paging.emptyToNull(category),
                Paging.emptyToNull(text), position[2], Paging.limit(limit, 5, ReportService.SIMILAR_LIMIT_MAX));
        var items = JsonBody.JSON.createArrayBuilder();
        Function<String, JsonArray> photos = photosOf(similar.stream().map(s -> s.report().getId()).toList());
        for (SimilarReport s : similar) {
            items.add(JsonBody.JSON.createObjectBuilder(ReportJson.write(s.report(), photos.apply(s.report().getId())))
                    .add("distance", Math.round(s.distanceMetres()))
                    .add("similarity", Math.round(s.textSimilarity() * 100) / 100.0)
                    .add("score", Math.round(s.score() * 100) / 100.0));
        }
        return JsonBody.JSON.createObjectBuilder().add("items", items).build().toString();
    }

    @GET
    @Path("/clusters")
    @PublicCached(citizens = true)
    @Produces(ReportFormats.GEOJSON)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "clusterReports", summary = "Reports of the visible map, in clusters",
            description = "Public. For a map: the reports listReports would find with the same filters, counted "
                    + "per cell of a grid of about 64 screen pixels at the zoom (a cell is 360 / 2^zoom / 4 degrees), "
                    + "so that the page never downloads every report. A GeoJSON FeatureCollection of points, each at "
                    + "the mean position of its cell's reports, with properties.count; a cluster of one report also "
                    + "has its id, title, status and category. Reports without a position are left out; reports a "
                    + "moderator hid count for staff only. A rectangle spanning more than 20,000 cells at that zoom "
                    + "is refused: ask for the visible map at its own zoom. Answers 304 to If-None-Match with the "
                    + "current ETag.")
    @APIResponse(responseCode = "200", description = "A FeatureCollection of clusters",
            content = @Content(mediaType = ReportFormats.GEOJSON, schema = @Schema(ref = "ReportClusters")))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    @APIResponse(responseCode = "400", description = "Missing or malformed bbox or zoom, zoom out of range, too many "
            + "cells, unknown status, category or area, impossible period, bad text",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response clusters(
            @Parameter(description = "Visible map: minLon,minLat,maxLon,maxLat (west, south, east, north); required",
                    required = true, example = "2.32,48.84,2.39,48.87") @QueryParam("bbox") String bbox,
            @Parameter(description = "The map's zoom level, 0 (the world) to 22; required", required = true,
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "22"))
            @QueryParam("zoom") String zoom,
            @Parameter(description = "open, in_progress, resolved, duplicate or rejected") @QueryParam("status") String status,
            @Parameter(description = "A category code, see /categories; includes its sub-categories")
            @QueryParam("category") String category,
            @Parameter(description = "Created at or after: 2026-05-01 or 2026-05-01T08:00:00Z")
            @QueryParam("createdFrom") String createdFrom,
            @Parameter(description = "Created before (a date: up to its end)") @QueryParam("createdTo") String createdTo,
            @Parameter(description = "Words that must all appear in the title, description or address (1 to 200 characters)")
            @QueryParam("q") String q,
            @Parameter(description = "An area id (see /areas): only the reports routed to it, as on listReports")
            @QueryParam("area") String area,
            @Context Request request) {
        int level = SearchParameters.zoom(zoom);
        ReportFilter filter = SearchParameters.apply(new ReportFilter(parseStatus("status", status),
                        Paging.emptyToNull(category), null, ReportFilter.DEFAULT_LIMIT, ReportFilter.Sort.NEWEST,
                        Actors.isStaff(security)),
                null, null, bbox, new String[] {createdFrom, createdTo}, new String[] {null, null}, q)
                .withArea(Paging.emptyToNull(area));
        return Representations.ok(request, ReportFormats.clusterGeoJson(reads.clusters(filter, level)), null)
                .build();
    }

    /** The format parameter when given, else the best of the client's Accept header; JSON by default. */
    private static MediaType responseType(String format, Request request) {
        if (format != null && !format.isEmpty()) {
            switch (format) {
                case "json":
                    return MediaType.APPLICATION_JSON_TYPE;
                case "geojson":
                    return ReportFormats.GEOJSON_TYPE;
                case "csv":
                    return ReportFormats.CSV_TYPE;
                default:
                    throw ValidationException.of("format", "validation.unknown-format",
                            "'" + format + "' is not a format; one of: json, geojson, csv", format, "json, geojson, csv");
            }
        }
        Variant chosen = request.selectVariant(Variant.mediaTypes(MediaType.APPLICATION_JSON_TYPE,
                ReportFormats.GEOJSON_TYPE, ReportFormats.CSV_TYPE).build());
        return chosen == null ? MediaType.APPLICATION_JSON_TYPE : chosen.getMediaType();
    }

    @POST
    // Signed-in people: an operator of one body holds no operator role; the core checks the report's body.
    @RolesAllowed({"citizen", "operator", "moderator", "administrator"})
    @Path("/{id}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "changeReportStatus", summary = "Move a report along its workflow",
            description = "Body: {\"status\": target, \"reason\": why}. Allowed: open -> in_progress, resolved, "
                    + "duplicate, rejected; in_progress -> open, resolved, duplicate, rejected; resolved, duplicate, "
                    + "rejected -> open. The change is added to the public history. Roles: operator, moderator, "
                    + "administrator; an operator of a body (a role granted with the body as scope) on that body's "
                    + "reports only.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "StatusChangeRequest"), examples = @ExampleObject(name = "start work", value = "{\"status\":\"in_progress\",\"reason\":\"Crew scheduled for Monday\"}")))
    @APIResponse(responseCode = "200", description = "The updated report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Report")))
    @APIResponse(responseCode = "400", description = "Missing or unknown status, missing reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The token's roles do not allow it", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The workflow does not allow this move", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response changeStatus(@PathParam("id") String id, InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String status = json.string("status");
        String reason = json.string("reason");
        json.check();
        if (status == null) {
            throw ValidationException.of("status", "validation.required-one-of",
                    "is required; one of: " + ReportStatus.wireNames(), ReportStatus.wireNames());
        }
        Report report = transactions.changeStatus(id, parseStatus("status", status), reason, currentActor());
        return Response.ok(withBody(report).toString())
                .tag(new EntityTag(report.getId() + "." + report.getVersion()))
                .build();
    }

    @GET
    @Path("/{id}/vote")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getVote",
            summary = "Whether I support a report", description = "Any signed-in user, about their own vote, so "
            + "that a page can show its vote button pressed. Answers {voted, votes}.")
    @APIResponse(responseCode = "200", description = "{voted, votes}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Vote")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String voteState(@PathParam("id") String id) {
        return voteJson(transactions.voteState(id, currentActor(), Actors.isStaff(security)));
    }

    @POST
    @Path("/{id}/vote")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "voteForReport",
            summary = "Support a report", description = "Any signed-in user, once per report: voting again "
            + "changes nothing. Answers {voted, votes}.")
    @APIResponse(responseCode = "200", description = "{voted: true, votes}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Vote")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String vote(@PathParam("id") String id) {
        return voteJson(transactions.vote(id, currentActor(), true, Actors.isStaff(security)));
    }

    @DELETE
    @Path("/{id}/vote")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "withdrawVote",
            summary = "Take one's support back", description = "Any signed-in user, their own vote only. "
            + "Answers {voted: false, votes}.")
    @APIResponse(responseCode = "200", description = "{voted: false, votes}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Vote")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String unvote(@PathParam("id") String id) {
        return voteJson(transactions.vote(id, currentActor(), false, Actors.isStaff(security)));
    }

    @POST
    @Path("/{id}/follow")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "followReport",
            summary = "Follow a report", description = "Any signed-in user: be notified (in the app, and by "
            + "e-mail where the server sends e-mail) of its status changes and comments. Following again changes "
            + "nothing. Reporters and commenters follow on their own. Answers {following: true}.")
    @APIResponse(responseCode = "200", description = "{following: true}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "FollowState")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String follow(@PathParam("id") String id) {
        try {
            transactions.follow(id, currentActor(), true, Actors.isStaff(security));
        } catch (PersistenceException | TransactionalException e) {
            // A concurrent request of the same person followed first: the result is the same.
            if (!WriteConflicts.lostRace(e)) {
                throw e;
            }
        }
        return JsonBody.JSON.createObjectBuilder().add("following", true).build().toString();
    }

    @DELETE
    @Path("/{id}/follow")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "unfollowReport",
            summary = "Stop following a report", description = "Any signed-in user, for themselves. Answers "
            + "{following: false}.")
    @APIResponse(responseCode = "200", description = "{following: false}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "FollowState")))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public String unfollow(@PathParam("id") String id) {
        transactions.follow(id, currentActor(), false, Actors.isStaff(security));
        return JsonBody.JSON.createObjectBuilder().add("following", false).build().toString();
    }

    @POST
    @RolesAllowed({"citizen", "operator", "moderator", "administrator"})
    @Path("/{id}/assignment")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "assignReport", summary = "Assign a report to a team or body",
            description = "Body: {\"team\": who handles it (1 to 100 characters, not blank; null to unassign; "
                    + "required), \"reason\": why}. The status does not change; the assignment is added to the public history (kind "
                    + "assigned). Roles: operator, administrator; an operator of a body on that body's reports only.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "AssignmentRequest"), examples = @ExampleObject(name = "assign", value = "{\"team\":\"Street lighting\",\"reason\":\"Lamp posts are theirs\"}")))
    @APIResponse(responseCode = "200", description = "The updated report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Report")))
    @APIResponse(responseCode = "400", description = "Missing reason; team missing, blank, not a string or "
            + "too long", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The token's roles do not allow it", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response assign(@PathParam("id") String id, InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String team = json.string("team");
        String reason = json.string("reason");
        json.check();
        // Unassigning is said, never implied: a body that forgot the team is a mistake.
        if (!json.has("team")) {
            throw ValidationException.of("team", "validation.team-required",
                    "is required: the team's name, or null to unassign");
        }
        Report report = transactions.assign(id, team, reason, currentActor());
        return Response.ok(withBody(report).toString())
                .tag(new EntityTag(report.getId() + "." + report.getVersion()))
                .build();
    }

    @POST
    @RolesAllowed({"citizen", "operator", "moderator", "administrator"})
    @Path("/{id}/body")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "moveReportToBody", summary = "Hand a report over to another responsible body",
            description = "Body: {\"body\": the id of a live body (see /bodies), \"reason\": why}. The status and "
                    + "the assignment stay; the move is added to the public history (kind body, with the new body's "
                    + "id) and the audit log, and the new body's delivery target receives the report "
                    + "(report.body_changed). Roles: operator, administrator; an operator of a body on that body's "
                    + "reports only.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "BodyMoveRequest"), examples = @ExampleObject(name = "hand over",
            value = "{\"body\":\"<a body id>\",\"reason\":\"A burst water pipe, not the road\"}")))
    @APIResponse(responseCode = "200", description = "The updated report, with its new body",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Report")))
    @APIResponse(responseCode = "400", description = "Missing body or reason; a body that is unknown or retired",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "Not an operator or administrator, or an operator of another "
            + "body", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The report is that body's already",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response moveToBody(@PathParam("id") String id, InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String target = json.string("body");
        String reason = json.string("reason");
        json.check();
        Report report = transactions.moveToBody(id, target, reason, currentActor());
        return Response.ok(withBody(report).toString()).tag(new EntityTag(report.getId() + "." + report.getVersion()))
                .build();
    }

    /** The report as the answer of a change: with its body, named in the reader's language. */
    private jakarta.json.JsonObject withBody(Report report) {
        Body body = report.getBodyId() == null ? null : bodies.byIds(List.of(report.getBodyId())).get(report.getBodyId());
        return ReportJson.write(report, photosOf(List.of(report.getId())).apply(report.getId()), null,
                BodyJson.ofReport(body, texts.locale(requestHeaders), texts.messages().defaultLocale()));
    }

    @POST
    @Path("/{id}/flags")
    @RolesAllowed({"citizen", "moderator", "operator", "administrator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "flagReport",
            summary = "Flag a report for the moderators", description = "Any signed-in user. Body: {reason: spam, "
            + "abusive, personal_data, duplicate or other; note: up to 500 characters, optional; duplicateOf: for "
            + "duplicate, the id of the report this one repeats}. A person has one open flag per report: flagging it "
            + "again answers 200 with that flag.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "NewFlag"),
            examples = @ExampleObject(name = "duplicate", value = "{\"reason\":\"duplicate\",\"duplicateOf\":\"…\"}")))
    @APIResponse(responseCode = "201", description = "The new flag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Flag")))
    @APIResponse(responseCode = "200", description = "The caller's open flag on this report, unchanged",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Flag")))
    @APIResponse(responseCode = "400", description = "Missing or unknown reason, note too long, duplicateOf missing, "
            + "unknown or the report itself", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response flag(@PathParam("id") String id, InputStream body) {
        return ModerationJson.flag(moderation, id, null, body, security);
    }

    /** The photos of the reports about to be shown, as the caller may see them: one query for a page. */
    private Function<String, JsonArray> photosOf(Collection<String> reportIds) {
        return photoLinks.ofReports(reportIds, Actors.of(security), uriInfo.getBaseUri());
    }

    private static List<String> ids(List<Report> reports) {
        return reports.stream().map(Report::getId).toList();
    }

    private static String voteJson(ReportVotes.Result result) {
        return JsonBody.JSON.createObjectBuilder().add("voted", result.voted()).add("votes", result.votes()).build()
                .toString();
    }

    @GET
    @Path("/{id}/history")
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "bearerAuth"))
    @Operation(operationId = "getReportHistory", summary = "The public history of a report, oldest first",
            description = "Public. Starts with the creation (from = null). Each entry: {kind, from, to, actor, at, "
                    + "reason}; kind is status (a move of the workflow), assigned (with assignedTo), body (a hand-over to "
                    + "another body, with body: its id) or merged (with "
                    + "mergedInto). Stays readable after a merge; not found for a hidden report, except for staff.")
    @APIResponse(responseCode = "200", description = "The history",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "History")))
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response history(@PathParam("id") String id) {
        var items = JsonBody.JSON.createArrayBuilder();
        transactions.history(id, Actors.isStaff(security)).forEach(change -> items.add(ReportJson.write(change)));
        return Response.ok(JsonBody.JSON.createObjectBuilder().add("items", items).build().toString()).build();
    }

    /** The signed-in user as the token names them, or Anonymous without a token. */
    private Actor currentActor() {
        return Actors.of(security);
    }

    private static ReportFilter.Sort parseSort(String value) {
        if (value == null || value.isEmpty() || "newest".equals(value)) {
            return ReportFilter.Sort.NEWEST;
        }
        if ("votes".equals(value)) {
            return ReportFilter.Sort.VOTES;
        }
        if ("nearest".equals(value)) {
            return ReportFilter.Sort.NEAREST;
        }
        throw ValidationException.of("sort", "validation.unknown-sort", "'" + value + "' is not an order; one of: "
                + "newest, votes, nearest", value, "newest, votes, nearest");
    }

    private static ReportStatus parseStatus(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return ReportStatus.fromWireName(value).orElseThrow(() -> ValidationException.of(field,
                "validation.unknown-status", "'" + value + "' is not a status; one of: " + ReportStatus.wireNames(),
                value, ReportStatus.wireNames()));
    }
}
