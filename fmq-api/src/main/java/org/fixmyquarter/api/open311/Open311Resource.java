package org.fixmyquarter.api.open311;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fixmyquarter.api.body.BodyTransactions;
import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.api.metrics.ServerMetrics;
import org.fixmyquarter.api.ratelimit.Decision;
import org.fixmyquarter.api.ratelimit.RateLimits;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.body.Body;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.idempotency.IdempotencyKeys;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportAnswers;
import org.fixmyquarter.core.report.ReportContacts;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.StatusChange;
import org.fixmyquarter.spi.category.CategoryDefinition;

/**
 * The GeoReport v2 endpoints (docs/open311.md), reached through {@link Open311Routing} at the
 * configured base path; each answers in the format its suffix names. They are GeoReport's own
 * API, described by its specification, so they are left out of the OpenAPI document.
 */
@RequestScoped
@Path("/open311")
public class Open311Resource {

    /** The most results one list gives, and the largest page. */
    public static final int MAX_RESULTS = 1000;
    /** The farthest a client may page: the first this many results of the period. */
    public static final int MAX_DEPTH = 10_000;
    /** The radius of {@code lat}/{@code long} without {@code radius}, in metres. */
    public static final int DEFAULT_RADIUS = 1000;
    /** GeoReport's longest description. */
    public static final int DESCRIPTION_MAX = 4000;
    /** The longest title made from a description. */
    static final int TITLE_MAX = 120;
    /** The largest form accepted, as the JSON bodies of the rest of the API. */
    private static final int MAX_BODY = 64 * 1024;

    private static final String FORMAT = "{format: [^/.]+}";
    private static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
    /** When the shape of these endpoints last changed: discovery's changeset. */
    private static final String CHANGESET = "2026-12-07T00:00:00Z";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern URL = Pattern.compile("https?://[^\\s]+", Pattern.CASE_INSENSITIVE);

    @Inject
    private Open311Transactions transactions;

    @Inject
    private CategoryCatalog catalog;

    @Inject
    private Texts texts;

    @Inject
    private BodyTransactions bodies;

    @Inject
    private RateLimits limits;

    @Inject
    private ServerMetrics metrics;

    @Inject
    private Clock clock;

    @Inject
    private ZoneId zone;

    @Inject
    private Config config;

    @Context
    private HttpServletRequest http;

    @Context
    private UriInfo uri;

    @Context
    private HttpHeaders headers;

    @GET
    @Path("discovery." + FORMAT)
    @Operation(hidden = true)
    public Response discovery(@PathParam("format") String suffix) {
        Open311Format format = Open311Format.of(suffix);
        Open311Parameters params = begin(format, null);
        Open311Settings settings = settings();
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("specification", SPECIFICATION);
        endpoint.put("url", String.valueOf(http.getAttribute(Open311Routing.ENDPOINT)));
        endpoint.put("changeset", CHANGESET);
        endpoint.put("type", "production");
        endpoint.put("formats", new Open311Writer.Items("format", List.of("text/xml", "application/json")));
        Map<String, Object> discovery = new LinkedHashMap<>();
        discovery.put("changeset", CHANGESET);
        discovery.put("contact", settings.contact());
        discovery.put("key_service", settings.keyService());
        discovery.put("endpoints", new Open311Writer.Items("endpoint", List.of(endpoint)));
        return answer(format, 200, "discovery", discovery).build();
    }

    @GET
    @Path("services." + FORMAT)
    @Operation(hidden = true)
    public Response services(@PathParam("format") String suffix) {
        Open311Format format = Open311Format.of(suffix);
        Open311Parameters params = begin(format, null);
        Locale locale = texts.locale(params.text("locale", 100));
        List<Object> services = new ArrayList<>();
        for (CategoryDefinition category : catalog.all()) {
            String name = texts.messages().categoryName(category, locale);
            String group = category.parent() == null ? name
                    : catalog.find(category.parent()).map(p -> texts.messages().categoryName(p, locale)).orElse(name);
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("service_code", category.code());
            service.put("service_name", name);
            service.put("description", name);
            // metadata: whether services/{code} lists questions to answer.
            service.put("metadata", !catalog.attributes(category.code()).isEmpty());
            service.put("type", "realtime");
            // A comma-separated list, empty when none is known: a string, so that clients can split it.
            service.put("keywords", "");
            service.put("group", group);
            services.add(service);
        }
        return answer(format, 200, "services", new Open311Writer.Items("service", services))
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag()).build();
    }

    @GET
    @Path("services/{code: [^/]+}." + FORMAT)
    @Operation(hidden = true)
    public Response service(@PathParam("code") String code, @PathParam("format") String suffix) {
        Open311Format format = Open311Format.of(suffix);
        begin(format, null);
        if (!catalog.contains(code)) {
            throw new Open311Exception(format, 404, "service_code " + Open311Parameters.shorten(code)
                    + " is not a service of this server (see services." + suffix + ")");
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("service_code", code);
        definition.put("attributes", new Open311Writer.Items("attribute",
                Open311Mapping.attributes(catalog.attributes(code))));
        return answer(format, 200, "service_definition", definition).build();
    }

    @GET
    @Path("requests." + FORMAT)
    @Operation(hidden = true)
    public Response requests(@PathParam("format") String suffix) {
        Open311Format format = Open311Format.of(suffix);
        Open311Parameters params = begin(format, null);
        List<Report> found;
        String ids = params.get("service_request_id");
        if (ids != null) {
            // The specification: a list of ids overrides every other filter.
            Set<String> wanted = new LinkedHashSet<>();
            for (String id : ids.split(",")) {
                if (!id.isBlank()) {
                    wanted.add(id.strip());
                }
            }
            if (wanted.size() > MAX_RESULTS) {
                throw params.invalid("service_request_id", "may list at most " + MAX_RESULTS + " ids (got "
                        + wanted.size() + ")");
            }
            found = new ArrayList<>();
            for (String id : wanted) {
                transactions.find(id).ifPresent(found::add);
            }
        } else {
            found = search(params, format);
        }
        return requestList(format, found);
    }

    private List<Report> search(Open311Parameters params, Open311Format format) {
        String code = params.get("service_code");
        if (code != null && !catalog.contains(code)) {
            throw params.invalid("service_code", Open311Parameters.shorten(code)
                    + " is not a service of this server (see services." + format.name().toLowerCase(Locale.ROOT) + ")");
        }
        Set<ReportStatus> statuses = Open311Mapping.statuses(params.get("status"), params);
        Open311Mapping.Window window = Open311Mapping.window(params, zone, clock.instant());
        Double[] point = point(params);
        Double lat = point[0];
        Double lon = point[1];
        Double radius = params.decimal("radius", ReportFilter.Near.RADIUS_MIN, ReportFilter.Near.RADIUS_MAX);
        if (radius != null && lat == null) {
            throw params.invalid("radius", "needs lat and long");
        }
        int pageSize = params.integer("page_size", 1, MAX_RESULTS, MAX_RESULTS);
        int page = params.integer("page", 1, MAX_DEPTH, 1);
        if ((long) page * pageSize > MAX_DEPTH) {
            throw params.invalid("page", "reaches past the first " + MAX_DEPTH + " results: ask for a shorter period");
        }
        ReportFilter filter = new ReportFilter(null, code, null, ReportFilter.MAX_LIMIT, ReportFilter.Sort.NEWEST, false)
                .withCreated(new ReportFilter.Period(window.from(), window.to()));
        if (lat != null) {
            filter = filter.withNear(new ReportFilter.Near(lat, lon, radius == null ? DEFAULT_RADIUS : radius));
        }
        List<Report> found = transactions.search(statuses, filter, page * pageSize);
        int from = (page - 1) * pageSize;
        return from >= found.size() ? List.of() : found.subList(from, Math.min(found.size(), from + pageSize));
    }

    @GET
    @Path("requests/{id: [^/]+}." + FORMAT)
    @Operation(hidden = true)
    public Response request(@PathParam("id") String id, @PathParam("format") String suffix) {
        Open311Format format = Open311Format.of(suffix);
        begin(format, null);
        Report report = transactions.find(id).orElseThrow(() -> new Open311Exception(format, 404,
                "service_request_id " + Open311Parameters.shorten(id) + " is not a request of this server"));
        return requestList(format, List.of(report));
    }

    @POST
    @Path("requests." + FORMAT)
    @Operation(hidden = true)
    public Response post(@PathParam("format") String suffix, InputStream body) {
        Open311Format format = Open311Format.of(suffix);
        MediaType type = headers.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            throw new Open311Exception(format, 415, "Send the request as application/x-www-form-urlencoded (got "
                    + (type == null ? "no Content-Type" : type.getType() + "/" + type.getSubtype()) + ")");
        }
        Open311Parameters params = begin(format, read(body, format));
        String apiKey = params.get("api_key");
        if (apiKey == null) {
            limit(format, null);
            throw new Open311Exception(format, 403, "api_key is required to post a request");
        }
        limit(format, apiKey);
        // The key before the parameters: an app without a valid key learns nothing more.
        if (!transactions.isActive(apiKey)) {
            throw new Open311Exception(format, 403, "api_key is not valid: unknown or revoked");
        }
        String code = params.get("service_code");
        if (code == null) {
            throw params.invalid("service_code", "is required (see services." + suffix + ")");
        }
        CategoryDefinition category = catalog.find(code).orElseThrow(() -> params.invalid("service_code",
                Open311Parameters.shorten(code) + " is not a service of this server (see services." + suffix + ")"));
        Double[] point = point(params);
        Double lat = point[0];
        Double lon = point[1];
        String address = params.text("address_string", ReportService.ADDRESS_MAX);
        String addressId = params.text("address_id", 200);
        if (address == null && addressId != null) {
            // FixMyQuarter keeps no address repository: the id is kept as the report's address.
            address = "address_id " + addressId;
        }
        if (lat == null && address == null) {
            throw new Open311Exception(format, 400, "lat and long, address_string or address_id is required");
        }
        String email = params.text("email", 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw params.invalid("email", "is not an e-mail address");
        }
        String accountId = params.text("account_id", 200);
        ReportContacts.Details contact = new ReportContacts.Details(email, params.text("first_name", 100),
                params.text("last_name", 100), params.text("phone", 50), params.text("device_id", 200), accountId);
        String description = params.text("description", DESCRIPTION_MAX);
        String mediaUrl = params.text("media_url", 1000);
        if (mediaUrl != null && !URL.matcher(mediaUrl).matches()) {
            throw params.invalid("media_url", "must be an http or https URL");
        }
        Map<String, List<String>> answers;
        try {
            answers = ReportAnswers.check(catalog.attributes(code), params.attributes());
        } catch (ValidationException e) {
            // One error per question, each naming its attribute[code], as the specification's list allows.
            throw new Open311Exception(format, 400, e.errors().stream()
                    .map(error -> error.field() + " " + error.message()).toList(), Map.of());
        }
        String serviceName = texts.messages().categoryName(category, texts.messages().defaultLocale());
        NewReport report = new NewReport(Open311Mapping.title(description, serviceName, TITLE_MAX), description, code,
                lat, lon, null, address);
        Report created = transactions.post(report, apiKey, Actor.anonymous(),
                new Open311Transactions.Extras(answers, contact, mediaUrl)).orElseThrow(() ->
                new Open311Exception(format, 403, "api_key is not valid: unknown or revoked"));
        metrics.reportCreated("open311");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("service_request_id", created.getId());
        answer.put("service_notice", null);
        answer.put("account_id", accountId);
        return answer(format, 201, "service_requests", new Open311Writer.Items("request", List.of(answer))).build();
    }

    @GET
    @Path("servicerequestupdates." + FORMAT)
    @Operation(hidden = true)
    public Response updates(@PathParam("format") String suffix) {
        Open311Format format = Open311Format.of(suffix);
        Open311Parameters params = begin(format, null);
        Open311Mapping.Window window = Open311Mapping.window(params, zone, clock.instant());
        List<Object> updates = new ArrayList<>();
        // Oldest first and cut at the limit: a client asks again from the last updated_datetime.
        for (StatusChange change : transactions.changes(window.from(), window.to(), MAX_RESULTS)) {
            updates.add(Open311Mapping.update(change, zone));
        }
        return answer(format, 200, "service_request_updates", new Open311Writer.Items("request_update", updates))
                .build();
    }

    /** @return {@code lat} and {@code long}, both or neither ({@code null}s) */
    private static Double[] point(Open311Parameters params) {
        Double lat = params.decimal("lat", -90, 90);
        Double lon = params.decimal("long", -180, 180);
        if ((lat == null) != (lon == null)) {
            throw params.invalid(lat == null ? "lat" : "long", "is required with " + (lat == null ? "long" : "lat"));
        }
        return new Double[] {lat, lon};
    }

    private Response requestList(Open311Format format, List<Report> reports) {
        Map<String, StatusChange> last = transactions.lastStatusChanges(reports.stream().map(Report::getId).toList());
        Map<String, Body> responsible = bodies.byIds(reports.stream().map(Report::getBodyId).toList());
        Locale locale = texts.messages().defaultLocale();
        List<Object> requests = new ArrayList<>();
        for (Report report : reports) {
            String name = catalog.find(report.getCategory()).map(c -> texts.messages().categoryName(c, locale))
                    .orElse(report.getCategory());
            Body body = responsible.get(report.getBodyId());
            requests.add(Open311Mapping.request(report, name, last.get(report.getId()),
                    body == null ? null : body.name(locale, locale), zone));
        }
        return answer(format, 200, "service_requests", new Open311Writer.Items("request", requests)).build();
    }

    /**
     * What every endpoint does first: only requests that came through the base path are served,
     * the client's address is counted, {@code jurisdiction_id} is checked.
     */
    private Open311Parameters begin(Open311Format format, String form) {
        if (http.getAttribute(Open311Routing.ENDPOINT) == null) {
            throw new Open311Exception(format, 404, "Open311 is served at " + settings().basePath());
        }
        Open311Parameters params = Open311Parameters.parse(format, uri.getRequestUri().getRawQuery(), form);
        if (form == null) {
            limit(format, null);
        }
        String jurisdiction = params.get("jurisdiction_id");
        Optional<String> served = settings().jurisdictionId();
        if (jurisdiction != null && served.isPresent() && !served.get().equals(jurisdiction)) {
            throw new Open311Exception(format, 404, "jurisdiction_id " + Open311Parameters.shorten(jurisdiction)
                    + " is not served here; this server serves " + served.get());
        }
        return params;
    }

    private void limit(Open311Format format, String apiKey) {
        String address = limits.clientAddress(http.getRemoteAddr(), http.getHeader("X-Forwarded-For"));
        Decision decision = apiKey == null ? limits.check(address, null, false)
                : limits.checkApiKey(address, IdempotencyKeys.hash(apiKey));
        if (!decision.allowed()) {
            metrics.rateLimited("open311");
            long seconds = decision.retryAfterSeconds();
            throw new Open311Exception(format, 429, List.of("Too many requests; try again in " + seconds + " seconds."),
                    Map.of("Retry-After", Long.toString(seconds)));
        }
    }

    private Open311Settings settings() {
        return Open311Settings.from(config);
    }

    private static String read(InputStream body, Open311Format format) {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new Open311Exception(format, 413, "The request is larger than " + MAX_BODY + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Open311Exception(format, 400, "The request's body could not be read");
        }
    }

    private static Response.ResponseBuilder answer(Open311Format format, int status, String root, Object document) {
        return Response.status(status).type(format.mediaType()).entity(Open311Writer.write(format, root, document));
    }
}
