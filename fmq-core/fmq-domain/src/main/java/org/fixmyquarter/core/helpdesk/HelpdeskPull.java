package org.fixmyquarter.core.helpdesk;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.comment.CommentService;
import org.fixmyquarter.core.delivery.DispatchStoppedException;
import org.fixmyquarter.core.follow.ReportFollow;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.PluginCalls;
import org.fixmyquarter.core.plugin.PluginInfo;
import org.fixmyquarter.core.plugin.PluginKind;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;
import org.fixmyquarter.spi.helpdesk.HelpdeskUpdate;

/**
 * Brings back what a city's helpdesk did with the cases its connector opened.
 *
 * <p>{@link #pullNext(EntityManager, String, Instant)} claims a batch of one connector's open
 * cases ({@code FOR UPDATE SKIP LOCKED}, least recently asked first, so any number of servers can
 * pull side by side), asks the connector about them with a time limit, and applies each update in
 * the caller's transaction, together with the case rows:
 * <ul>
 * <li>notes become an official reply on the report, by the {@linkplain #actorFor(String) helpdesk's
 * actor}, shown as such on the report's page;</li>
 * <li>{@code CLOSED} moves an {@code open} or {@code in_progress} report to {@code resolved},
 * with the notes as the public reason (or {@link #DEFAULT_REASON} when there are none, or they are
 * longer than a reason may be; they then follow as a reply). A report already closed in
 * FixMyQuarter stays as it is, and an {@code OPEN} update never reopens one: only staff reopen
 * reports, and an update from a helpdesk that changed its mind still shows as its notes.</li>
 * </ul>
 * Each case remembers the helpdesk's time of the last update applied and a digest of the last
 * notes written: an update not newer than the last, or notes already written, are applied once.
 * A closed case is not asked about again.
 *
 * <p>A connector that fails, answers nothing within {@link #timeout()} or throws leaves its cases
 * as they were, and its error is shown as the plugin's {@code lastError}; the next success clears
 * it. Other connectors are not affected: each batch is a call of its own, meant to run in a
 * transaction of its own.
 *
 * <p>The status change is an ordinary one, so its {@code report.status_changed} event reaches the
 * connector's {@code statusChanged} like any other; no new case is opened, as connectors receive
 * {@code submit} for new reports only.
 */
public final class HelpdeskPull {

    /** Cases asked about in one call, when the caller gives no other number. */
    public static final int BATCH_DEFAULT = 50;

    /** The reason of a resolution the helpdesk gave no usable notes for. */
    public static final String DEFAULT_REASON = "Closed by the city's helpdesk.";

    /** What a pull's error starts with in the plugin's {@code lastError}, beside delivery errors. */
    public static final String ERROR_PREFIX = "pulling updates: ";

    private static final Logger LOG = System.getLogger(HelpdeskPull.class.getName());

    private static final String CLAIM = "SELECT report_id, external_id, url, pulled_at, update_at, notes_digest, external_status"
            + " FROM fmq_helpdesk_ticket WHERE connector = ? AND closed_at IS NULL"
            + " AND (pulled_at IS NULL OR pulled_at < ?)"
            + " ORDER BY COALESCE(pulled_at, created_at), report_id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";

    /**
     * The casts are for PostgreSQL: EclipseLink binds a null parameter as text, which it refuses to
     * store in a timestamp column.
     */
    private static final String SAVE = "UPDATE fmq_helpdesk_ticket SET pulled_at = ?,"
            + " update_at = CAST(? AS TIMESTAMP WITH TIME ZONE), external_status = ?, notes_digest = ?,"
            + " closed_at = CAST(? AS TIMESTAMP WITH TIME ZONE) WHERE report_id = ? AND connector = ?";

    private final PluginRegistry plugins;
    private final CategoryCatalog categories;
    private final ExecutorService executor;
    private final Duration timeout;
    private final int batchSize;
    private final Clock clock;

    /**
     * @param plugins    the deployment's plugins
     * @param categories the categories, for the report use cases
     * @param executor   runs the connectors' calls, so that one that hangs can be abandoned; the
     *                   dispatcher's executor
     * @param timeout    how long one call may take; the dispatcher's {@code fmq.delivery.timeout}
     * @param batchSize  cases asked about per call, at least 1
     * @param clock      the source of "now"
     */
    public HelpdeskPull(PluginRegistry plugins, CategoryCatalog categories, ExecutorService executor, Duration timeout,
                        int batchSize, Clock clock) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.categories = Objects.requireNonNull(categories, "categories");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (batchSize < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Invalid pull settings: batch " + batchSize + ", timeout " + timeout);
        }
        this.batchSize = batchSize;
    }

    /** @return how long one call of a connector may take */
    public Duration timeout() {
        return timeout;
    }

    /** @return how many cases one call asks about at most */
    public int batchSize() {
        return batchSize;
    }

    /**
     * @return the ids of the active connectors that pull updates, highest order first
     */
    public List<String> connectors() {
        List<String> ids = new ArrayList<>();
        for (HelpdeskConnector connector : plugins.active(HelpdeskConnector.class)) {
            if (pulls(connector)) {
                ids.add(connector.id());
            }
        }
        return ids;
    }

    /**
     * The actor the helpdesk's notes and status changes are recorded under.
     *
     * @param connectorId the connector's plugin id
     * @return an operator named "City helpdesk (id)", with the id {@code helpdesk:<id>}
     */
    public static Actor actorFor(String connectorId) {
        return Actor.of(cut("helpdesk:" + connectorId, Actor.ID_MAX), cut("City helpdesk (" + connectorId + ")",
                Actor.DISPLAY_NAME_MAX), Role.OPERATOR);
    }

    /**
     * Asks one connector about a batch of its open cases not yet asked about since
     * {@code roundStart}, and applies what it says, in the caller's transaction.
     *
     * @param em          the entity manager of the current transaction
     * @param connectorId the connector's plugin id
     * @param roundStart  when the caller's round began: cases asked about since are left for the
     *                    next round, so a caller may repeat until a batch comes back short
     * @return what was done
     * @throws DispatchStoppedException if the connector could not be called because the server is
     *                                  stopping; roll back, and the cases stay as they were
     */
    public Batch pullNext(EntityManager em, String connectorId, Instant roundStart) {
        Optional<HelpdeskConnector> found = plugins.active(HelpdeskConnector.class).stream()
                .filter(c -> c.id().equals(connectorId) && pulls(c)).findFirst();
        if (found.isEmpty()) {
            return new Batch(connectorId, 0, 0, null);
        }
        HelpdeskConnector connector = found.get();
        List<Case> cases = claim(em, connectorId, roundStart);
        if (cases.isEmpty()) {
            return new Batch(connectorId, 0, 0, null);
        }
        Instant since = null;
        boolean first = cases.stream().anyMatch(c -> c.pulledAt == null);
        if (!first) {
            since = cases.stream().map(c -> c.pulledAt).min(Instant::compareTo).orElseThrow();
        }
        Instant asked = Clocks.now(clock);
        List<HelpdeskTicket> tickets = cases.stream().map(c -> c.ticket).toList();
        List<HelpdeskUpdate> updates;
        try {
            Instant from = since;
            updates = call(() -> connector.updates(tickets, from));
            if (updates == null) {
                throw new PluginException("updates returned null", false, null);
            }
        } catch (PluginException e) {
            String error = ERROR_PREFIX + (e.getMessage() == null ? "failed without a message" : e.getMessage());
            plugins.reportError(PluginKind.HELPDESK_CONNECTOR, connector, error);
            LOG.log(Level.WARNING, "Helpdesk connector " + connectorId + ", " + cases.size() + " case(s): " + error);
            return new Batch(connectorId, cases.size(), 0, error);
        }
        int applied = apply(em, connectorId, cases, updates);
        for (Case c : cases) {
            em.createNativeQuery(SAVE)
                    .setParameter(1, asked.atOffset(ZoneOffset.UTC))
                    .setParameter(2, c.updateAt == null ? null : c.updateAt.atOffset(ZoneOffset.UTC))
                    .setParameter(3, c.externalStatus)
                    .setParameter(4, c.notesDigest)
                    .setParameter(5, c.closedAt == null ? null : c.closedAt.atOffset(ZoneOffset.UTC))
                    .setParameter(6, c.reportId)
                    .setParameter(7, connectorId)
                    .executeUpdate();
        }
        clearPullError(connector);
        return new Batch(connectorId, cases.size(), applied, null);
    }

    /**
     * What one call of {@link #pullNext} did.
     *
     * @param connector the connector's id
     * @param tickets   how many cases were asked about; fewer than the batch size means none is left
     *                  for this round
     * @param applied   how many updates changed a report (a reply, a resolution or both)
     * @param error     why the connector could not be asked, or {@code null}
     */
    public record Batch(String connector, int tickets, int applied, String error) {
    }

    private int apply(EntityManager em, String connectorId, List<Case> cases, List<HelpdeskUpdate> updates) {
        Map<String, List<Case>> byId = new LinkedHashMap<>();
        for (Case c : cases) {
            byId.computeIfAbsent(c.ticket.externalId(), k -> new ArrayList<>()).add(c);
        }
        Actor helpdesk = actorFor(connectorId);
        ReportService reports = new ReportService(em, categories, clock);
        // The edit window is the author's; the helpdesk never edits through this service.
        CommentService comments = new CommentService(em, clock, Duration.ZERO);
        int applied = 0;
        for (HelpdeskUpdate update : updates) {
            if (update == null) {
                continue;
            }
            for (Case c : byId.getOrDefault(update.externalId(), List.of())) {
                if (c.updateAt != null && !update.updatedAt().isAfter(c.updateAt)) {
                    continue;
                }
                if (applyOne(em, reports, comments, helpdesk, c, update)) {
                    applied++;
                }
                c.updateAt = update.updatedAt();
                c.externalStatus = update.externalStatus();
                // A case the helpdesk reopens is asked about again; the report stays as it is.
                c.closedAt = update.status() == HelpdeskUpdate.Status.CLOSED ? Clocks.now(clock) : null;
            }
        }
        return applied;
    }

    /** @return whether the report changed */
    private static boolean applyOne(EntityManager em, ReportService reports, CommentService comments, Actor helpdesk,
                                    Case c, HelpdeskUpdate update) {
        Report report = em.find(Report.class, c.reportId);
        String notes = update.notes() == null || update.notes().isBlank() ? null : update.notes().strip();
        String digest = notes == null ? null : digest(notes);
        boolean newNotes = digest != null && !digest.equals(c.notesDigest);
        if (newNotes) {
            c.notesDigest = digest;
        }
        // A merged duplicate's discussion belongs to the original; the original has its own case.
        if (report == null || report.getMergedInto() != null) {
            return false;
        }
        boolean changed = false;
        if (update.status() == HelpdeskUpdate.Status.CLOSED
                && (report.getStatus() == ReportStatus.OPEN || report.getStatus() == ReportStatus.IN_PROGRESS)) {
            boolean notesAsReason = newNotes && notes.length() <= ReportService.REASON_MAX;
            reports.changeStatus(c.reportId, ReportStatus.RESOLVED, notesAsReason ? notes : DEFAULT_REASON, helpdesk);
            changed = true;
            newNotes = newNotes && !notesAsReason;
        }
        if (newNotes) {
            comments.add(c.reportId, cut(notes, CommentService.BODY_MAX), helpdesk, true);
            // Commenting makes the author a follower; the helpdesk has no account to notify.
            ReportFollow follow = em.find(ReportFollow.class, new ReportFollow.Key(c.reportId, helpdesk.id()));
            if (follow != null) {
                em.remove(follow);
            }
            changed = true;
        }
        return changed;
    }

    private List<Case> claim(EntityManager em, String connectorId, Instant roundStart) {
        List<?> rows = em.createNativeQuery(CLAIM)
                .setParameter(1, connectorId)
                .setParameter(2, roundStart.atOffset(ZoneOffset.UTC))
                .setParameter(3, batchSize)
                .getResultList();
        List<Case> cases = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            cases.add(new Case((String) columns[0], new HelpdeskTicket((String) columns[1], (String) columns[2]),
                    Clocks.instantOf(columns[3]), Clocks.instantOf(columns[4]), (String) columns[5], (String) columns[6]));
        }
        return cases;
    }

    /** Clears this component's own error only: a delivery's error stays until a delivery works. */
    private void clearPullError(HelpdeskConnector connector) {
        for (PluginInfo info : plugins.plugins()) {
            if (info.kind() == PluginKind.HELPDESK_CONNECTOR && info.id().equals(connector.id())
                    && info.lastError() != null && info.lastError().startsWith(ERROR_PREFIX)) {
                plugins.reportError(PluginKind.HELPDESK_CONNECTOR, connector, null);
            }
        }
    }

    /** A plugin that throws where it should answer is taken as one that pulls nothing. */
    private static boolean pulls(HelpdeskConnector connector) {
        try {
            return connector.pullsUpdates();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The dispatcher's way of calling a plugin (EventDispatcher#call), on the same executor: the
     * connector's thread is abandoned at the time limit, and a server that is stopping rolls back
     * rather than records a failure.
     */
    private <T> T call(Callable<T> work) throws PluginException {
        return PluginCalls.limited(executor, timeout, work);
    }

    private static String digest(String notes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(notes.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Cuts text to a column's width, ending it with an ellipsis, never between two halves of a character. */
    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }

    /** One claimed case, and what the pull learns of it before it is written back. */
    private static final class Case {
        final String reportId;
        final HelpdeskTicket ticket;
        final Instant pulledAt;
        Instant updateAt;
        String externalStatus;
        String notesDigest;
        Instant closedAt;

        Case(String reportId, HelpdeskTicket ticket, Instant pulledAt, Instant updateAt, String notesDigest,
             String externalStatus) {
            this.reportId = reportId;
            this.externalStatus = externalStatus;
            this.ticket = ticket;
            this.pulledAt = pulledAt;
            this.updateAt = updateAt;
            this.notesDigest = notesDigest;
        }
    }
}
