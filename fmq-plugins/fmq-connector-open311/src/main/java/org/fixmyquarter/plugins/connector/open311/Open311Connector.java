package org.fixmyquarter.plugins.connector.open311;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportSnapshot;
import org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;
import org.fixmyquarter.spi.helpdesk.HelpdeskUpdate;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Opens an Open311 GeoReport v2 service request ({@code POST requests.json}) for every new report,
 * and reads back what the helpdesk did with it ({@code GET requests.json}, and
 * {@code servicerequestupdates.json} where the endpoint has it).
 *
 * <p>Not configured, not active: without {@code fmq.plugin.open311.endpoint}, {@link #init} fails
 * with "not configured", so no report is ever handed to it; {@code init} makes no network call, so
 * the server starts whether or not the helpdesk is up.
 *
 * <p>Open311 has no idempotency key, so a report is never posted twice in two ways: the server
 * does not submit a report that already has a case, and this connector, for the redeliveries the
 * server cannot rule out (a call that timed out on the server's side but reached the helpdesk, a
 * crash before the case was stored), remembers the cases it opened and, before posting, looks for
 * the report's reference among the requests the endpoint received since the report was made
 * ({@code check-before-post}). The reference, {@code [FixMyQuarter report <id>]}, ends every
 * description. Thread-safe.
 */
public final class Open311Connector implements HelpdeskConnector {

    /** The connector's plugin id, also the prefix of its settings: {@code fmq.plugin.open311.*}. */
    public static final String ID = "open311";

    /** Open311's limit on {@code description}. */
    static final int MAX_DESCRIPTION = 4000;

    /** A token stands for a request the endpoint has not created yet (an asynchronous endpoint). */
    static final String TOKEN_PREFIX = "token:";

    private static final Logger LOG = System.getLogger(Open311Connector.class.getName());

    /** Ids per {@code GET requests.json}, to keep the address short enough for any server. */
    private static final int IDS_PER_QUERY = 50;

    /** Enough to cover the redeliveries of the server's whole retry period on a busy day. */
    private static final int REMEMBERED_CASES = 10_000;

    /** The helpdesk's clock and ours differ, and the lookup must not miss the request it made. */
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(10);

    /** GeoReport v2: a date range "may not span more than 90 days". */
    private static final Duration MAX_RANGE = Duration.ofDays(90);

    /** Statuses of the servicerequestupdates extension (FixMyStreet's) that mean the case is over. */
    private static final Set<String> CLOSED_STATUSES = Set.of("closed", "fixed", "no_further_action",
            "not_councils_responsibility", "duplicate", "internal_referral");

    private final PluginDescriptor descriptor = new PluginDescriptor(ID,
            PluginDescriptor.implementationVersion(Open311Connector.class), SpiVersion.VERSION);

    private final Map<String, HelpdeskTicket> opened = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, HelpdeskTicket> eldest) {
                    return size() > REMEMBERED_CASES;
                }
            });

    private final Map<String, Object> submitting = new ConcurrentHashMap<>();

    /** Token to service_request_id, once the endpoint has made the request. */
    private final Map<String, String> resolvedTokens = new ConcurrentHashMap<>();

    private volatile Open311Settings settings;
    private volatile Open311Client client;

    /**
     * Creates the connector; {@link #init(PluginConfig)} gives it its endpoint. Called by
     * {@link java.util.ServiceLoader}.
     */
    public Open311Connector() {
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Reads and checks the settings; makes no network call.
     *
     * @param config the settings {@code fmq.plugin.open311.*}
     * @throws PluginException "not configured" without an endpoint; otherwise naming the wrong setting
     */
    @Override
    public void init(PluginConfig config) throws PluginException {
        Open311Settings read = Open311Settings.read(config);
        JsonProvider json;
        try {
            json = JsonProvider.provider();
        } catch (RuntimeException | LinkageError e) {
            throw new PluginException("no JSON-P (jakarta.json) implementation is available to read the helpdesk's "
                    + "answers: " + e, false, e);
        }
        settings = read;
        client = new Open311Client(read, json);
        LOG.log(Level.INFO, () -> "Open311 connector ready: " + read);
    }

    /**
     * Posts the report as a service request, unless this connector already opened one for it.
     *
     * @param event the new report
     * @return the request: its {@code service_request_id}, or {@code token:<token>} when the
     *         endpoint creates requests later
     * @throws PluginException not retryable for a category without service code or a refusal of
     *                         the endpoint; retryable for a timeout, a 429 or a 5xx
     */
    @Override
    public HelpdeskTicket submit(ReportCreated event) throws PluginException {
        Open311Client open311 = client();
        Open311Settings current = settings;
        ReportSnapshot report = event.report();
        HelpdeskTicket known = opened.get(report.id());
        if (known != null) {
            return known;
        }
        String serviceCode = current.serviceCode(report.category()).orElseThrow(() -> new PluginException(
                "no Open311 service_code for the category '" + report.category() + "': add it to "
                        + "fmq.plugin.open311.service-codes or set fmq.plugin.open311.default-service-code", false, null));
        Object lock = submitting.computeIfAbsent(report.id(), id -> new Object());
        try {
            // Two deliveries of one report at once (a retry overtaking a slow first call) must not both post.
            synchronized (lock) {
                known = opened.get(report.id());
                if (known != null) {
                    return known;
                }
                HelpdeskTicket ticket = current.checkBeforePost() ? find(open311, current, report, serviceCode) : null;
                if (ticket == null) {
                    ticket = post(open311, current, report, serviceCode);
                } else {
                    String found = ticket.externalId();
                    LOG.log(Level.INFO, () -> "report " + report.id() + " is already service request " + found
                            + " at the Open311 endpoint; not posted again");
                }
                opened.put(report.id(), ticket);
                return ticket;
            }
        } finally {
            submitting.remove(report.id(), lock);
        }
    }

    /**
     * @return {@code true}: the connector reads back the state of its requests
     */
    @Override
    public boolean pullsUpdates() {
        return true;
    }

    /**
     * Reads the state of the requests ({@code GET requests.json?service_request_id=...}) and, where
     * configured and {@code since} is given, the updates listed since then
     * ({@code servicerequestupdates.json}). A token the endpoint has not turned into a request yet
     * is asked about ({@code tokens/<token>.json}) and left out until it has.
     *
     * @param tickets the requests to ask about
     * @param since   when the server last received updates, or {@code null}
     * @return the updates, oldest first
     * @throws PluginException if the endpoint could not be asked
     */
    @Override
    public List<HelpdeskUpdate> updates(Collection<HelpdeskTicket> tickets, Instant since) throws PluginException {
        Open311Client open311 = client();
        Open311Settings current = settings;
        Map<String, String> ticketByRequest = new LinkedHashMap<>();
        for (HelpdeskTicket ticket : tickets) {
            String id = ticket.externalId();
            String requestId = id.startsWith(TOKEN_PREFIX) ? resolveToken(open311, id.substring(TOKEN_PREFIX.length())) : id;
            if (requestId != null) {
                ticketByRequest.put(requestId, id);
            }
        }
        List<HelpdeskUpdate> updates = new ArrayList<>();
        if (ticketByRequest.isEmpty()) {
            return updates;
        }
        List<String> ids = new ArrayList<>(ticketByRequest.keySet());
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            Map<String, String> query = new LinkedHashMap<>();
            query.put("service_request_id", String.join(",", batch));
            for (JsonObject request : objects(open311.get("requests.json", query))) {
                HelpdeskUpdate update = stateOf(request, ticketByRequest);
                if (update != null) {
                    updates.add(update);
                }
            }
        }
        if (current.requestUpdates() && since != null) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("start_date", format(since));
            query.put("end_date", format(Instant.now().plus(CLOCK_MARGIN)));
            for (JsonObject change : objects(open311.get("servicerequestupdates.json", query))) {
                HelpdeskUpdate update = listedUpdate(change, ticketByRequest);
                if (update != null) {
                    updates.add(update);
                }
            }
        }
        updates.sort(Comparator.comparing(HelpdeskUpdate::updatedAt));
        return updates;
    }

    @Override
    public void close() {
        client = null;
    }

    private Open311Client client() throws PluginException {
        Open311Client current = client;
        if (current == null) {
            throw new PluginException("the Open311 connector is not initialised or was closed", true, null);
        }
        return current;
    }

    /** The request this report already is at the endpoint, found by its reference, or {@code null}. */
    private HelpdeskTicket find(Open311Client open311, Open311Settings current, ReportSnapshot report,
                                String serviceCode) throws PluginException {
        // Any earlier post of this report happened after it was made and before now; for a report
        // older than the range allowed, the most recent part of that period is the likely one.
        Instant end = Instant.now().plus(CLOCK_MARGIN);
        Instant start = report.createdAt().minus(CLOCK_MARGIN);
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            start = end.minus(MAX_RANGE);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("service_code", serviceCode);
        query.put("start_date", format(start));
        query.put("end_date", format(end));
        JsonArray found;
        try {
            found = open311.get("requests.json", query);
        } catch (PluginException e) {
            if (e.isRetryable()) {
                throw e;
            }
            // An endpoint that refuses searches cannot tell; posting is then the only way forward.
            LOG.log(Level.WARNING, () -> "could not check whether report " + report.id() + " is already at the "
                    + "Open311 endpoint (" + e.getMessage() + "); posting it; set fmq.plugin.open311.check-before-post"
                    + "=false if the endpoint does not search requests");
            return null;
        }
        String reference = reference(report.id());
        for (JsonObject request : objects(found)) {
            String description = Open311Client.text(request, "description");
            String id = Open311Client.text(request, "service_request_id");
            if (id != null && description != null && description.contains(reference)) {
                return ticket(current, id);
            }
        }
        return null;
    }

    private HelpdeskTicket post(Open311Client open311, Open311Settings current, ReportSnapshot report,
                                String serviceCode) throws PluginException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("service_code", serviceCode);
        if (report.hasPosition()) {
            form.put("lat", Double.toString(report.latitude()));
            form.put("long", Double.toString(report.longitude()));
        }
        // Also beside a position: the citizen's words help the crew; without one, it is the location.
        form.put("address_string", blankToNull(report.address()));
        if (!"Anonymous".equals(report.authorName())) {
            form.put("first_name", blankToNull(report.authorName()));
        }
        form.put("description", description(report));
        JsonArray answer = open311.post("requests.json", form);
        String where = current.endpoint() + "/requests.json";
        for (JsonObject created : objects(answer)) {
            String id = Open311Client.text(created, "service_request_id");
            if (id != null) {
                return ticket(current, id);
            }
            String token = Open311Client.text(created, "token");
            if (token != null) {
                return new HelpdeskTicket(TOKEN_PREFIX + token, null);
            }
        }
        // Some endpoints answer 200 with Open311 errors in the body.
        throw new PluginException("the Open311 endpoint " + where + " answered without service_request_id or token: "
                + Open311Client.errorDescription(answer), false, null);
    }

    private String resolveToken(Open311Client open311, String token) throws PluginException {
        String known = resolvedTokens.get(token);
        if (known != null) {
            return known;
        }
        JsonArray answer;
        try {
            answer = open311.get("tokens/" + URLEncoder.encode(token, StandardCharsets.UTF_8) + ".json", Map.of());
        } catch (PluginException e) {
            if (e.isRetryable()) {
                throw e;
            }
            // A 404 is how some endpoints say "not made yet": ask again next time.
            return null;
        }
        for (JsonObject object : objects(answer)) {
            String id = Open311Client.text(object, "service_request_id");
            if (id != null) {
                resolvedTokens.put(token, id);
                return id;
            }
        }
        return null;
    }

    private static HelpdeskUpdate stateOf(JsonObject request, Map<String, String> ticketByRequest) {
        String requestId = Open311Client.text(request, "service_request_id");
        String ticket = requestId == null ? null : ticketByRequest.get(requestId);
        if (ticket == null) {
            return null;
        }
        Instant when = instant(Open311Client.text(request, "updated_datetime"));
        if (when == null) {
            when = instant(Open311Client.text(request, "requested_datetime"));
        }
        if (when == null) {
            LOG.log(Level.WARNING, () -> "Open311 request " + requestId + " has no readable updated_datetime; skipped");
            return null;
        }
        String status = lower(Open311Client.text(request, "status"));
        boolean closed = "closed".equals(status);
        String external = status == null || status.equals("open") || status.equals("closed") ? null : status;
        return new HelpdeskUpdate(ticket, closed ? HelpdeskUpdate.Status.CLOSED : HelpdeskUpdate.Status.OPEN,
                limit(external, 100), limit(Open311Client.text(request, "status_notes"), 4000), when);
    }

    private static HelpdeskUpdate listedUpdate(JsonObject change, Map<String, String> ticketByRequest) {
        String requestId = Open311Client.text(change, "service_request_id");
        String ticket = requestId == null ? null : ticketByRequest.get(requestId);
        Instant when = instant(Open311Client.text(change, "updated_datetime"));
        if (ticket == null || when == null) {
            return null;
        }
        String status = lower(Open311Client.text(change, "status"));
        String code = Open311Client.text(change, "external_status_code");
        boolean closed = status != null && CLOSED_STATUSES.contains(status);
        return new HelpdeskUpdate(ticket, closed ? HelpdeskUpdate.Status.CLOSED : HelpdeskUpdate.Status.OPEN,
                limit(code != null ? code : status, 100), limit(Open311Client.text(change, "description"), 4000), when);
    }

    /** The description sent: title, text and reference, cut to Open311's limit without losing the reference. */
    static String description(ReportSnapshot report) {
        String reference = "\n\n" + reference(report.id());
        String text = report.title() + (report.description() == null || report.description().isBlank() ? ""
                : "\n\n" + report.description().strip());
        int room = MAX_DESCRIPTION - reference.length();
        if (text.length() > room) {
            text = text.substring(0, room - 1) + "\u2026";
        }
        return text + reference;
    }

    /** What ends every description, and what the lookup before posting searches for. */
    static String reference(String reportId) {
        return "[FixMyQuarter report " + reportId + "]";
    }

    private static HelpdeskTicket ticket(Open311Settings current, String requestId) {
        String url = current.ticketUrl() == null ? null
                : current.ticketUrl().replace("{id}", URLEncoder.encode(requestId, StandardCharsets.UTF_8));
        return new HelpdeskTicket(requestId, url);
    }

    private static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> objects = new ArrayList<>();
        for (JsonValue value : array) {
            if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                objects.add(value.asJsonObject());
            }
        }
        return objects;
    }

    /** GeoReport v2 dates are W3C (ISO 8601 with an offset); a few endpoints leave the offset out (UTC then). */
    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static String format(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    private static String lower(String text) {
        return text == null ? null : text.trim().toLowerCase(Locale.ROOT);
    }

    private static String limit(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
