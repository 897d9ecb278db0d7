package org.fixmyquarter.core.delivery;

import java.io.IOException;
import java.io.StringReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Tracing;
import org.fixmyquarter.core.account.AccountEmails;
import org.fixmyquarter.core.account.UserAccount;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.body.Body;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.i18n.NotificationTexts;
import org.fixmyquarter.core.internal.Events;
import org.fixmyquarter.core.internal.PluginCalls;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.internal.OutboxEvent;
import org.fixmyquarter.core.plugin.PluginConfigSource;
import org.fixmyquarter.core.plugin.PluginKind;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.spi.Plugin;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.event.EventOrigin;
import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.helpdesk.HelpdeskConnector;
import org.fixmyquarter.spi.helpdesk.HelpdeskTicket;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;
import org.fixmyquarter.spi.notification.Recipient;

/**
 * Moves committed outbox events to the notification channels, helpdesk connectors, background
 * jobs and webhooks.
 *
 * <p>Two steps, each in the caller's transaction: {@link #fanOut(EntityManager)} turns new events
 * into one {@link Delivery} row per interested plugin; {@link #deliverNext(EntityManager)} takes
 * one due delivery and calls its plugin, with a time limit. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so any number of servers can run both steps side by side.
 * Delivery is at least once: a crash after the plugin took an event but before the commit sends it
 * again, with the same event id. A failure is retried with exponential pauses and jitter until
 * {@link DeliverySettings#maxAttempts()}; a plugin saying the failure is not retryable, or the last
 * attempt failing, leaves the delivery {@code dead} with its error. A dispatcher being stopped
 * (its executor refuses work, or its thread is interrupted) counts no attempt: it throws
 * {@link DispatchStoppedException} so the caller rolls back and the row waits for the next round.
 *
 * <p>Webhooks ({@link Webhooks}) are targets {@code webhook/<id>} of their own, with two rules
 * plugins do not have: a delivery waits while an earlier event of the same report has a pending
 * delivery to the same webhook (order per report), and each webhook's circuit breaker, kept in
 * its row, holds calls back after repeated failures. Waiting for either counts no attempt.
 */
public final class EventDispatcher {

    private static final Logger LOG = System.getLogger(EventDispatcher.class.getName());

    private static final String SKIP_LOCKED_OUTBOX = "SELECT id FROM fmq_outbox_event WHERE published_at IS NULL"
            + " ORDER BY occurred_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";
    private static final String DUE = "SELECT id, consumer FROM fmq_delivery WHERE state = 'pending'"
            + " AND next_attempt_at <= ?";
    /** Still pending (another worker may have finished it since it was read), and not locked by another worker. */
    private static final String LOCK_IF_PENDING = "SELECT * FROM fmq_delivery WHERE id = ? AND state = 'pending'"
            + " FOR UPDATE SKIP LOCKED";
    /**
     * The state is tested on the row rather than in the subquery's WHERE: the subquery's only
     * condition is then the unique key (event_id, consumer), which no statistics can make look
     * worse than the (consumer, state) index.
     */
    private static final String EARLIER_PENDING = "SELECT MIN((SELECT CASE WHEN d.state = 'pending'"
            + " THEN d.next_attempt_at END FROM fmq_delivery d WHERE d.event_id = e.id AND d.consumer = ?))"
            + " FROM fmq_outbox_event e WHERE e.aggregate_id = ? AND (e.occurred_at < ? OR (e.occurred_at = ?"
            + " AND e.id < ?))";
    /** The same for several rows at once: those of a batch to one webhook. */
    private static final String LOCK_IF_PENDING_SOME = "SELECT * FROM fmq_delivery WHERE id IN (%s) AND state = 'pending'"
            + " FOR UPDATE SKIP LOCKED";
    /** EclipseLink's hint for results kept out of the persistence context. */
    private static final String READ_ONLY = "eclipselink.read-only";
    /** Due deliveries read per claim: enough for every worker of a few servers to find one free. */
    private static final int CLAIM_CANDIDATES = 32;

    /** What the consumer of a background job's deliveries is named with, before the job's name. */
    public static final String JOB_PREFIX = "job/";

    /** How long a webhook delivery waits, at least, behind an earlier event of the same report. */
    private static final Duration ORDER_WAIT = Duration.ofMillis(200);

    /** Time on top of the call's limit for a probe to commit before another server may probe instead. */
    private static final Duration PROBE_MARGIN = Duration.ofSeconds(5);

    private static final int GONE = 410;

    /** The most of a success's body read to free its connection; a longer one closes it instead. */
    private static final long DRAINED_AT_MOST = 1024 * 1024;

    /** The most of a refusal's body kept for the delivery's {@code lastError}. */
    private static final int KEPT_OF_REFUSAL = 300;

    /** Who the audit log names when the dispatcher switches a webhook off. */
    private static final Actor DISPATCHER = new Actor("system", "Event dispatcher");

    /** What a delivery to a body's e-mail address names as its recipient, before the body's id. */
    private static final String BODY_RECIPIENT = "body:";

    /** The reason of a delivery of an account message, in its {@code reason} column. */
    private static final String ACCOUNT = "ACCOUNT";

    /** The origin of the event whose plugin call this thread is about to make, for {@link #call}. */
    private static final ThreadLocal<EventOrigin> DELIVERING = new ThreadLocal<>();

    private final PluginRegistry plugins;
    private final PluginConfigSource config;
    private final NotificationTexts texts;
    private final Locale defaultLocale;
    private final DeliverySettings settings;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, BackgroundJob> jobs = new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong handedOutWithoutRequest = new java.util.concurrent.atomic.AtomicLong();
    /** {@code null} when this dispatcher delivers to no webhooks (an embedder's choice). */
    private final WebhookSettings webhooks;

    /**
     * @param plugins       the deployment's plugins
     * @param config        their settings; a channel's {@code locale} picks its language
     * @param texts         writes notifications
     * @param defaultLocale the language of channels without a {@code locale} setting
     * @param settings      attempts, time limit and pauses
     * @param executor      runs plugin calls, so a call that hangs can be abandoned
     * @param clock         the source of "now"
     */
    public EventDispatcher(PluginRegistry plugins, PluginConfigSource config, NotificationTexts texts,
                           Locale defaultLocale, DeliverySettings settings, ExecutorService executor, Clock clock) {
        this(plugins, config, texts, defaultLocale, settings, executor, clock, List.of(), null);
    }

    /**
     * Also hands events to the deployment's background jobs, such as the photo job.
     *
     * @param plugins       the deployment's plugins
     * @param config        their settings; a channel's {@code locale} picks its language
     * @param texts         writes notifications
     * @param defaultLocale the language of channels without a {@code locale} setting
     * @param settings      attempts, time limit and pauses
     * @param executor      runs plugin calls and jobs, so a call that hangs can be abandoned
     * @param clock         the source of "now"
     * @param jobs          the background jobs, each with a name of its own
     */
    public EventDispatcher(PluginRegistry plugins, PluginConfigSource config, NotificationTexts texts,
                           Locale defaultLocale, DeliverySettings settings, ExecutorService executor, Clock clock,
                           List<BackgroundJob> jobs) {
        this(plugins, config, texts, defaultLocale, settings, executor, clock, jobs, null);
    }

    /**
     * Also delivers events to the webhooks administrators registered ({@link Webhooks}).
     *
     * @param plugins       the deployment's plugins
     * @param config        their settings; a channel's {@code locale} picks its language
     * @param texts         writes notifications
     * @param defaultLocale the language of channels without a {@code locale} setting
     * @param settings      attempts, time limit and pauses
     * @param executor      runs plugin calls, jobs and webhook calls, so a call that hangs can be abandoned
     * @param clock         the source of "now"
     * @param jobs          the background jobs, each with a name of its own
     * @param webhooks      the circuit breaker's settings and the HTTP client, or {@code null} for no webhooks
     */
    public EventDispatcher(PluginRegistry plugins, PluginConfigSource config, NotificationTexts texts,
                           Locale defaultLocale, DeliverySettings settings, ExecutorService executor, Clock clock,
                           List<BackgroundJob> jobs, WebhookSettings webhooks) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.config = Objects.requireNonNull(config, "config");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.defaultLocale = Objects.requireNonNull(defaultLocale, "defaultLocale");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.webhooks = webhooks;
        for (BackgroundJob job : jobs) {
            if (this.jobs.put(JOB_PREFIX + job.name(), job) != null) {
                throw new IllegalArgumentException("Two background jobs are named " + job.name());
            }
        }
    }

    /**
     * How many events that no HTTP request recorded (a status pulled back from a helpdesk, a
     * rendered photo) this dispatcher has handed out; counted before the fan-out's commit.
     *
     * @return the count since the dispatcher was made
     */
    public long handedOutWithoutRequest() {
        return handedOutWithoutRequest.get();
    }

    /**
     * Hands up to {@link DeliverySettings#batchSize()} new events to the plugins that want them.
     *
     * @param em the entity manager of the current transaction
     * @return how many events were handed out
     */
    public int fanOut(EntityManager em) {
        List<?> ids = em.createNativeQuery(SKIP_LOCKED_OUTBOX).setParameter(1, settings.batchSize()).getResultList();
        Instant now = now();
        Map<String, Plugin> consumers = consumers();
        List<Webhook> receivers = null;
        BodyTargets bodies = null;
        List<Delivery> made = new ArrayList<>();
        // One read for the batch's rows (already locked above), in the outbox's order.
        // Read-only: the rows are not changed (markPublished is one UPDATE), and keeping them out
        // of the persistence context spares the commit comparing each of them.
        List<OutboxEvent> rows = ids.isEmpty() ? List.of() : em.createQuery("SELECT e FROM OutboxEvent e"
                        + " WHERE e.id IN :ids ORDER BY e.occurredAt, e.id", OutboxEvent.class)
                .setParameter("ids", ids.stream().map(Object::toString).toList())
                .setHint(READ_ONLY, true)
                .getResultList();
        // Each envelope is read once, here: the audience needs more of it than the event.
        List<JsonObject> envelopes = new ArrayList<>(rows.size());
        List<Optional<ReportEvent>> readEvents = new ArrayList<>(rows.size());
        for (OutboxEvent row : rows) {
            JsonObject envelope = AccountEmails.isAccountMail(row.getType()) ? null : envelope(row);
            envelopes.add(envelope);
            readEvents.add(readable(row, envelope));
        }
        Audience audiences = new Audience(em, clock, readEvents.stream().flatMap(Optional::stream).toList());
        long unrequested = envelopes.stream().filter(e -> e != null && !e.containsKey(Outbox.REQUEST_ID)).count();
        handedOutWithoutRequest.addAndGet(unrequested);
        for (int i = 0; i < rows.size(); i++) {
            OutboxEvent row = rows.get(i);
            JsonObject envelope = envelopes.get(i);
            jobs.forEach((key, job) -> {
                if (job.accepts(row.getType())) {
                    made.add(new Delivery(Ids.newId(), row.getId(), key, now));
                }
            });
            if (AccountEmails.isAccountMail(row.getType())) {
                // One message, to the account the event names, through each channel that sends them.
                consumers.forEach((key, plugin) -> {
                    if (AccountEmails.sends(plugin)) {
                        made.add(new Delivery(Ids.newId(), row.getId(), key, row.getAggregateId(), ACCOUNT, now));
                    }
                });
                continue;
            }
            if (bodies == null) {
                bodies = BodyTargets.load(em);
            }
            // The body decides only where a body names targets: a deployment without any reads no report.
            boolean handOver = BodyTargets.HANDED_OVER.equals(row.getType());
            String bodyId = bodies.anyTargeted() || handOver ? BodyTargets.bodyOf(em, row) : null;
            if (webhooks != null && Webhooks.isWebhookEvent(row.getType())) {
                if (receivers == null) {
                    receivers = em.createQuery("SELECT w FROM Webhook w WHERE w.enabled = TRUE", Webhook.class)
                            .getResultList();
                }
                for (Webhook webhook : receivers) {
                    if (webhook.wants(row.getType()) && bodies.admits(webhook.target(), bodyId)) {
                        made.add(new Delivery(Ids.newId(), row.getId(), webhook.target(), now));
                    }
                }
            }
            Optional<ReportEvent> event = readEvents.get(i);
            if (event.isPresent()) {
                Map<String, Recipient.Reason> audience = null;
                for (Map.Entry<String, Plugin> consumer : consumers.entrySet()) {
                    Plugin plugin = consumer.getValue();
                    if (!wants(plugin, event.get().type()) || !bodies.admits(consumer.getKey(), bodyId)) {
                        continue;
                    }
                    if (handOver) {
                        // A report handed over reaches its new body's connector as a new report;
                        // nobody else hears of it through plugins (followers see it in the history).
                        if (bodies.isBodyTarget(consumer.getKey(), bodyId)) {
                            made.add(new Delivery(Ids.newId(), row.getId(), consumer.getKey(), now));
                        }
                        continue;
                    }
                    if (!isPersonal(plugin)) {
                        made.add(new Delivery(Ids.newId(), row.getId(), consumer.getKey(), now));
                        continue;
                    }
                    if (audience == null) {
                        audience = audiences.of(envelope.getJsonObject("data"), event.get());
                    }
                    audience.forEach((person, reason) -> made.add(new Delivery(Ids.newId(), row.getId(),
                            consumer.getKey(), person, reason.name(), now)));
                }
                Body body = bodies.body(bodyId);
                if (body != null && body.getTargetKind() == Body.Target.EMAIL) {
                    // A body reached by e-mail: one message per event through each channel that sends mail.
                    for (Map.Entry<String, Plugin> consumer : consumers.entrySet()) {
                        if (AccountEmails.sends(consumer.getValue()) && wants(consumer.getValue(), event.get().type())) {
                            made.add(new Delivery(Ids.newId(), row.getId(), consumer.getKey(),
                                    BODY_RECIPIENT + body.getId(), Recipient.Reason.RESPONSIBLE_BODY.name(), now));
                        }
                    }
                }
            }
        }
        insert(em, made);
        markPublished(em, rows, now);
        return ids.size();
    }

    /**
     * Writes new deliveries as one JDBC batch on the transaction's connection, not a persist each:
     * a burst of thousands of events is fanned out in a fraction of the time (docs/performance.md).
     * Not one native query with many rows either: EclipseLink's handling of a native query's
     * positional parameters grows with their square, which made 100 rows of 8 slower than 100
     * persists. The rows are not managed afterwards, which the fan-out does not need.
     */
    private static void insert(EntityManager em, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        java.sql.Connection connection = em.unwrap(java.sql.Connection.class);
        try (java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO fmq_delivery (id, event_id,"
                + " consumer, recipient_id, reason, state, attempts, next_attempt_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
            for (Delivery d : deliveries) {
                OffsetDateTime due = d.getNextAttemptAt().atOffset(ZoneOffset.UTC);
                insert.setString(1, d.getId());
                insert.setString(2, d.getEventId());
                insert.setString(3, d.getConsumer());
                // '' as the entity writes it: the unique key over (event, consumer, recipient).
                insert.setString(4, d.getRecipientId() == null ? "" : d.getRecipientId());
                insert.setString(5, d.getReason());
                insert.setString(6, d.getState());
                insert.setObject(7, due);
                insert.setObject(8, due);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (java.sql.SQLException e) {
            throw new jakarta.persistence.PersistenceException("could not write " + deliveries.size()
                    + " new deliveries", e);
        }
    }

    /** Writes the states of deliveries read read-only, as one JDBC batch on the transaction's connection. */
    private static void writeStates(EntityManager em, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        java.sql.Connection connection = em.unwrap(java.sql.Connection.class);
        try (java.sql.PreparedStatement update = connection.prepareStatement("UPDATE fmq_delivery SET state = ?,"
                + " attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?, last_status = ?,"
                + " last_latency_ms = ? WHERE id = ?")) {
            for (Delivery d : deliveries) {
                update.setString(1, d.getState());
                update.setInt(2, d.getAttempts());
                update.setObject(3, d.getNextAttemptAt().atOffset(ZoneOffset.UTC));
                update.setString(4, d.getLastError());
                update.setObject(5, d.getUpdatedAt().atOffset(ZoneOffset.UTC));
                update.setObject(6, d.getLastStatus(), java.sql.Types.INTEGER);
                update.setObject(7, d.getLastLatencyMs(), java.sql.Types.INTEGER);
                update.setString(8, d.getId());
                update.addBatch();
            }
            update.executeBatch();
        } catch (java.sql.SQLException e) {
            throw new jakarta.persistence.PersistenceException("could not write the state of " + deliveries.size()
                    + " deliveries", e);
        }
    }

    /** Marks the batch's events handed out, in one statement. */
    private static void markPublished(EntityManager em, List<OutboxEvent> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("UPDATE fmq_outbox_event SET published_at = ? WHERE id IN (");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        Query update = em.createNativeQuery(sql.append(')').toString()).setParameter(1, now.atOffset(ZoneOffset.UTC));
        for (int i = 0; i < rows.size(); i++) {
            update.setParameter(i + 2, rows.get(i).getId());
        }
        update.executeUpdate();
    }

    /**
     * One event the server cannot read must not hold back the ones behind it: it is passed over,
     * loudly, and stays in the outbox for whoever investigates.
     */
    private static Optional<ReportEvent> readable(OutboxEvent row) {
        return readable(row, envelope(row));
    }

    /** The event of an envelope read by {@link #envelope}; empty when it could not be read. */
    private static Optional<ReportEvent> readable(OutboxEvent row, JsonObject envelope) {
        if (envelope == null) {
            return Optional.empty();
        }
        try {
            return Events.parse(envelope);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Outbox event " + row.getId() + " (" + row.getType()
                    + ") cannot be read; no plugin receives it", e);
            return Optional.empty();
        }
    }

    /** The row's envelope, or null (and a warning) when it is not JSON. */
    private static JsonObject envelope(OutboxEvent row) {
        try {
            return Events.envelope(row.getPayload());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Outbox event " + row.getId() + " (" + row.getType()
                    + ") cannot be read; no plugin receives it", e);
            return null;
        }
    }

    /**
     * Takes the next due delivery, if any, and calls its plugin.
     *
     * @param em the entity manager of the current transaction
     * @return the delivery after the attempt, or empty if none was due
     * @throws DispatchStoppedException if the plugin could not be called because the dispatcher is
     *                                  being stopped; roll back, and the delivery stays as it was
     */
    public Optional<Delivery> deliverNext(EntityManager em) {
        return deliverNext(em, null);
    }

    /**
     * Takes the next due delivery whose target has a free place in the bulkhead, if any, and
     * calls its target while holding that place. Several threads of one server can call this side
     * by side, each in its own transaction: a target that is slow or hangs then holds at most its
     * bulkhead's share of them, and the others go on with the other targets.
     *
     * @param em       the entity manager of the current transaction
     * @param bulkhead this server's places per target, or {@code null} for no limit (one thread)
     * @return the delivery after the attempt, or empty if none was due (or every due one's target is full)
     * @throws DispatchStoppedException if the plugin could not be called because the dispatcher is
     *                                  being stopped; roll back, and the delivery stays as it was
     */
    public Optional<Delivery> deliverNext(EntityManager em, DeliveryBulkhead bulkhead) {
        List<Delivery> made = deliverSome(em, bulkhead, 1);
        return made.isEmpty() ? Optional.empty() : Optional.of(made.get(0));
    }

    /**
     * Like {@link #deliverNext(EntityManager, DeliveryBulkhead)}, but when the oldest due delivery
     * is to a webhook, also takes the next due ones to that webhook, up to {@code most} and to the
     * free places of its bulkhead, sends them at once and writes their states in the caller's one
     * transaction. One commit per batch rather than per delivery is what lets one server make
     * thousands of webhook deliveries a second (docs/performance.md); order per report still holds,
     * since each one's check is made before any is sent, when the whole batch is still pending.
     * Deliveries to plugins and jobs are made one at a time, as before.
     *
     * @param em       the entity manager of the current transaction
     * @param bulkhead this server's places per target, or {@code null} for no limit (one thread)
     * @param most     the most deliveries to take, at least 1
     * @return the deliveries after their attempt (or after being put off: order, circuit breaker),
     *         empty if none was due (or every due one's target is full)
     * @throws DispatchStoppedException if a call could not be made because the dispatcher is being
     *                                  stopped; roll back, and every delivery stays as it was
     */
    public List<Delivery> deliverSome(EntityManager em, DeliveryBulkhead bulkhead, int most) {
        Instant now = now();
        for (int claims = 0; claims < 3; claims++) {
            Set<String> full = bulkhead == null ? Set.of() : bulkhead.full();
            List<Object[]> candidates = candidates(em, now, full, Math.max(CLAIM_CANDIDATES, most * 4));
            Set<String> tried = new java.util.HashSet<>();
            for (int i = 0; i < candidates.size(); i++) {
                String id = candidates.get(i)[0].toString();
                String target = candidates.get(i)[1].toString();
                if (!tried.add(id)) {
                    continue;
                }
                List<DeliveryBulkhead.Permit> places = new ArrayList<>();
                try {
                    if (most > 1 && webhooks != null && target.startsWith(Webhook.TARGET_PREFIX)) {
                        List<Delivery> batch = claimBatch(em, candidates.subList(i, candidates.size()), target, most,
                                bulkhead, places, tried);
                        if (!batch.isEmpty()) {
                            List<Delivery> made = toWebhook(em, batch, now);
                            writeStates(em, made);
                            return made;
                        }
                        continue;
                    }
                    if (bulkhead != null) {
                        DeliveryBulkhead.Permit place = bulkhead.tryEnter(target);
                        if (place == null) {
                            // Filled up since full() was read: passed over, its row untouched.
                            continue;
                        }
                        places.add(place);
                    }
                    // The row itself, locked: one round trip rather than a lock and then a read.
                    List<?> locked = em.createNativeQuery(LOCK_IF_PENDING, Delivery.class).setParameter(1, id)
                            .getResultList();
                    if (!locked.isEmpty()) {
                        return attempt(em, (Delivery) locked.get(0), now);
                    }
                } finally {
                    places.forEach(DeliveryBulkhead.Permit::close);
                }
            }
            if (candidates.size() < Math.max(CLAIM_CANDIDATES, most * 4)) {
                // Every due delivery was read and none could be taken: another read finds no more.
                return List.of();
            }
        }
        return List.of();
    }

    /**
     * Claims in two steps: the oldest due deliveries are read without locks, then locked one by
     * one, skipping those another worker holds. One {@code SELECT ... FOR UPDATE SKIP LOCKED}
     * with {@code FETCH FIRST 1} would do on PostgreSQL, but H2 locks every row that such a query
     * reads before it keeps the first, which left the other workers of an H2 server nothing to
     * claim while one of them waited for a slow target.
     *
     * @return the oldest due deliveries not to a full target, as {@code [id, consumer]}, unlocked
     */
    @SuppressWarnings("unchecked")
    private static List<Object[]> candidates(EntityManager em, Instant now, Set<String> fullTargets, int most) {
        StringBuilder sql = new StringBuilder(DUE);
        if (!fullTargets.isEmpty()) {
            sql.append(" AND consumer NOT IN (");
            for (int i = 0; i < fullTargets.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(')');
        }
        sql.append(" ORDER BY next_attempt_at FETCH FIRST ").append(most).append(" ROWS ONLY");
        Query query = em.createNativeQuery(sql.toString()).setParameter(1, now.atOffset(ZoneOffset.UTC));
        int position = 2;
        for (String target : fullTargets) {
            query.setParameter(position++, target);
        }
        return query.getResultList();
    }

    /**
     * Locks, in one statement, due deliveries to one webhook from the candidates, as many as it
     * has free places for (at most {@code most}); places taken for rows another worker locked
     * meanwhile are given back. Workers reading the same candidates then cost each other one
     * statement per batch, not one per row.
     *
     * @param tried the ids looked at, to which those of this batch are added
     * @return the deliveries locked, oldest first; empty if another worker holds them all
     */
    private static List<Delivery> claimBatch(EntityManager em, List<Object[]> candidates, String target, int most,
                                             DeliveryBulkhead bulkhead, List<DeliveryBulkhead.Permit> places,
                                             Set<String> tried) {
        List<String> ids = new ArrayList<>();
        for (Object[] candidate : candidates) {
            if (ids.size() == most) {
                break;
            }
            if (!target.equals(candidate[1])) {
                continue;
            }
            if (bulkhead != null) {
                DeliveryBulkhead.Permit place = bulkhead.tryEnter(target);
                if (place == null) {
                    break;
                }
                places.add(place);
            }
            ids.add(candidate[0].toString());
        }
        tried.addAll(ids);
        if (ids.isEmpty()) {
            return List.of();
        }
        Query lock = em.createNativeQuery(String.format(LOCK_IF_PENDING_SOME,
                String.join(", ", java.util.Collections.nCopies(ids.size(), "?"))), Delivery.class);
        for (int i = 0; i < ids.size(); i++) {
            lock.setParameter(i + 1, ids.get(i));
        }
        // Read-only: the batch's states are written with one JDBC batch (writeStates), which costs
        // a fraction of the unit of work comparing and updating each row at the commit.
        lock.setHint(READ_ONLY, true);
        List<Delivery> locked = new ArrayList<>();
        for (Object row : lock.getResultList()) {
            locked.add((Delivery) row);
        }
        locked.sort(java.util.Comparator.comparing(Delivery::getNextAttemptAt));
        for (int unused = ids.size() - locked.size(); unused > 0 && bulkhead != null; unused--) {
            places.remove(places.size() - 1).close();
        }
        return locked;
    }

    /** @return the delivery, in a list as {@link #deliverSome} answers */
    private List<Delivery> attempt(EntityManager em, Delivery delivery, Instant now) {
        if (delivery.getConsumer().startsWith(Webhook.TARGET_PREFIX)) {
            return toWebhook(em, List.of(delivery), now);
        }
        BackgroundJob job = jobs.get(delivery.getConsumer());
        if (job != null) {
            int before = delivery.getAttempts();
            OutboxEvent row = em.find(OutboxEvent.class, delivery.getEventId());
            try (Tracing.Span span = deliverySpan(delivery, row, originOf(row))) {
                runJob(em, job, delivery, now);
                if (delivery.getAttempts() > before && !Delivery.DELIVERED.equals(delivery.getState())) {
                    span.failed(delivery.getLastError());
                }
            }
            return List.of(delivery);
        }
        Plugin plugin = consumers().get(delivery.getConsumer());
        if (plugin == null) {
            delivery.postpone(now.plus(settings.maxRetry()), "the plugin is not active; the delivery waits until it is",
                    now);
            return List.of(delivery);
        }
        attemptPlugin(em, plugin, delivery, now);
        return List.of(delivery);
    }

    private void attemptPlugin(EntityManager em, Plugin plugin, Delivery delivery, Instant now) {
        OutboxEvent row = em.find(OutboxEvent.class, delivery.getEventId());
        Optional<AccountMessage.Purpose> accountMail = AccountEmails.purpose(row.getType());
        Optional<ReportEvent> event = accountMail.isPresent() ? Optional.empty() : readable(row);
        if (accountMail.isEmpty() && event.isEmpty()) {
            delivery.finish(Delivery.SKIPPED, "not an event plugins receive", now);
            return;
        }
        EventOrigin origin = originOf(row);
        String requestId = origin.requestId().orElse(null);
        int before = delivery.getAttempts();
        try (Tracing.Span span = deliverySpan(delivery, row, origin)) {
            DELIVERING.set(new EventOrigin(requestId, span.traceparent()));
            try {
                attemptPlugin(em, plugin, delivery, row, accountMail, event, now);
            } finally {
                DELIVERING.remove();
            }
            if (delivery.getAttempts() > before && !Delivery.DELIVERED.equals(delivery.getState())) {
                span.failed(delivery.getLastError());
                LOG.log(Level.INFO, "Delivery to " + delivery.getConsumer() + ", event " + row.getId()
                        + ofRequest(requestId) + ", attempt " + delivery.getAttempts()
                        + (Delivery.DEAD.equals(delivery.getState()) ? " (gave up)" : "") + ": "
                        + delivery.getLastError());
            }
        }
    }

    /**
     * A span for one delivery, in the trace of the event (the child of its outbox span) when the
     * event was recorded in one, else in a trace of its own.
     */
    private static Tracing.Span deliverySpan(Delivery delivery, OutboxEvent row, EventOrigin origin) {
        Map<String, String> attributes = new HashMap<>(Map.of("fmq.delivery.target", delivery.getConsumer(),
                "fmq.event.id", row.getId(), "fmq.event.type", row.getType(), "fmq.delivery.attempt",
                Integer.toString(delivery.getAttempts() + 1)));
        origin.requestId().ifPresent(id -> attributes.put(Tracing.REQUEST_ID, id));
        return Tracing.installed().start("deliver " + delivery.getConsumer(), Tracing.Kind.CLIENT,
                origin.traceparent().orElse(null), attributes);
    }

    /** @return " (request ID)" for a log line about an event a request caused, else nothing */
    private static String ofRequest(String requestId) {
        return requestId == null ? "" : " (request " + requestId + ")";
    }

    private void attemptPlugin(EntityManager em, Plugin plugin, Delivery delivery, OutboxEvent row,
                               Optional<AccountMessage.Purpose> accountMail, Optional<ReportEvent> event, Instant now) {
        try {
            String note = accountMail.isPresent()
                    ? toAccount(em, (NotificationChannel) plugin, row, accountMail.get(), delivery, now)
                    : plugin instanceof HelpdeskConnector
                    ? toHelpdesk(em, (HelpdeskConnector) plugin, event.get(), delivery, now)
                    : toChannel(em, (NotificationChannel) plugin, event.get(), delivery, now);
            if (Delivery.PENDING.equals(delivery.getState()) && note == null) {
                delivery.attempted();
                delivery.finish(Delivery.DELIVERED, null, now);
                plugins.reportError(kindOf(plugin), plugin, null);
            }
        } catch (PluginException e) {
            fail(delivery, plugin, e.getMessage(), e.isRetryable(), now);
        } catch (RuntimeException e) {
            if (e instanceof jakarta.persistence.PersistenceException || e instanceof DispatchStoppedException) {
                throw e;
            }
            // A fault of ours (writing the text, say) is this delivery's, retried later, never a
            // reason to hold back the deliveries due after it.
            fail(delivery, plugin, e.getClass().getSimpleName() + ": " + e.getMessage(), true, now);
        }
    }

    /**
     * Runs one event through a background job: its failures are retried and given up like a
     * plugin's, and a job's fault never holds back the deliveries due after it.
     */
    private void runJob(EntityManager em, BackgroundJob job, Delivery delivery, Instant now) {
        OutboxEvent row = em.find(OutboxEvent.class, delivery.getEventId());
        JsonObject data;
        try (JsonReader reader = Outbox.JSON.createReader(new StringReader(row.getPayload()))) {
            data = reader.readObject().getJsonObject("data");
        }
        String error;
        boolean retryable;
        try {
            Optional<BackgroundJob.Work> work = job.prepare(em, row.getType(), row.getAggregateId(), data);
            if (work.isEmpty()) {
                delivery.finish(Delivery.SKIPPED, "nothing left to do", now);
                return;
            }
            Consumer<EntityManager> result = call(work.get()::run);
            delivery.attempted();
            if (result != null) {
                result.accept(em);
            }
            delivery.finish(Delivery.DELIVERED, null, now);
            return;
        } catch (PluginException e) {
            error = e.getMessage();
            retryable = e.isRetryable();
        } catch (RuntimeException e) {
            if (e instanceof jakarta.persistence.PersistenceException || e instanceof DispatchStoppedException) {
                throw e;
            }
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            retryable = true;
        }
        int attempt = delivery.getAttempts() + 1;
        boolean dead = !retryable || attempt >= settings.maxAttempts();
        String why = error == null ? "failed without a message" : error;
        delivery.failed(why, now.plus(pause(attempt)), dead, now);
        LOG.log(Level.WARNING, "Background job " + job.name() + ", event " + row.getId() + " (" + row.getType()
                + ")" + ofRequest(originOf(row).requestId().orElse(null)) + ", attempt " + attempt
                + (dead ? " (gave up)" : "") + ": " + why);
        if (dead) {
            job.gaveUp(em, row.getType(), row.getAggregateId(), why);
        }
    }

    /** @return a note when the delivery was settled without a call, else {@code null} */
    private String toChannel(EntityManager em, NotificationChannel channel, ReportEvent event, Delivery delivery,
                             Instant now) throws PluginException {
        if (Recipient.Reason.RESPONSIBLE_BODY.name().equals(delivery.getReason())) {
            return toBody(channel, em.find(Body.class, delivery.getRecipientId().substring(BODY_RECIPIENT.length())),
                    event, delivery, now);
        }
        if (hidden(em, event)) {
            // Checked when sending, not when fanning out: hiding may come in between, or before a retry.
            String why = "a moderator hid the report or comment it tells of";
            delivery.finish(Delivery.SKIPPED, why, now);
            return why;
        }
        Notification notification;
        if (delivery.getRecipientId() == null) {
            Locale locale = config.forPlugin(channel.id()).get("locale").map(Locale::forLanguageTag)
                    .orElse(defaultLocale);
            notification = texts.render(event, locale);
        } else {
            // Read the person now rather than at fan-out: a changed language or address applies.
            UserAccount account = em.find(UserAccount.class, delivery.getRecipientId());
            if (account == null) {
                String why = "the recipient's account no longer exists";
                delivery.finish(Delivery.SKIPPED, why, now);
                return why;
            }
            Locale locale = localeOf(account);
            notification = texts.render(event, locale, new Recipient(account.getId(), account.getDisplayName(),
                    account.getEmail(), locale, Recipient.Reason.valueOf(delivery.getReason())));
        }
        call(() -> {
            channel.deliver(notification);
            return null;
        });
        return null;
    }

    /**
     * Writes to a body's delivery address, read now: a body that has since been given another
     * target no longer gets mail. Hidden reports are the body's too, as they are a helpdesk's.
     *
     * @return a note when the delivery was settled without a call, else {@code null}
     */
    private String toBody(NotificationChannel channel, Body body, ReportEvent event, Delivery delivery, Instant now)
            throws PluginException {
        if (body == null || body.getTargetKind() != Body.Target.EMAIL) {
            String why = "the body is no longer reached by e-mail";
            delivery.finish(Delivery.SKIPPED, why, now);
            return why;
        }
        Notification notification = texts.render(event, defaultLocale, new Recipient(BODY_RECIPIENT + body.getId(),
                body.name(defaultLocale, defaultLocale), body.getTarget(), defaultLocale,
                Recipient.Reason.RESPONSIBLE_BODY));
        call(() -> {
            channel.deliver(notification);
            return null;
        });
        return null;
    }

    /**
     * Writes and sends a message about a person's account. A link's token is made here, at each
     * attempt, so that it exists in the mail alone; the one of a failed attempt was never seen and
     * expires unused.
     *
     * @return a note when the delivery was settled without a call, else {@code null}
     */
    private String toAccount(EntityManager em, NotificationChannel channel, OutboxEvent row,
                             AccountMessage.Purpose purpose, Delivery delivery, Instant now) throws PluginException {
        UserAccount account = em.find(UserAccount.class, delivery.getRecipientId());
        if (account == null) {
            String why = "the recipient's account no longer exists";
            delivery.finish(Delivery.SKIPPED, why, now);
            return why;
        }
        if (purpose == AccountMessage.Purpose.VERIFY_EMAIL && account.isEmailVerified()) {
            String why = "the address was confirmed meanwhile";
            delivery.finish(Delivery.SKIPPED, why, now);
            return why;
        }
        Locale locale = localeOf(account);
        Duration validity = AccountEmails.lifetime(purpose);
        String token = validity == null ? null : AccountEmails.issue(em, account, purpose, now);
        AccountMessage message = texts.renderAccount(row.getId(), purpose, account.getId(), account.getDisplayName(),
                account.getEmail(), locale, token, validity, AccountEmails.path(purpose, token));
        call(() -> {
            channel.deliver(message);
            return null;
        });
        return null;
    }

    /**
     * Whether what the event tells of is hidden now: channels reach people, and hidden content
     * must not. Helpdesks still hear of it, since the city works on hidden reports too.
     */
    private static boolean hidden(EntityManager em, ReportEvent event) {
        Report report = em.find(Report.class, event.report().id());
        if (report != null && report.getHiding().isHidden()) {
            return true;
        }
        if (event instanceof ReportCommented) {
            Comment comment = em.find(Comment.class, ((ReportCommented) event).commentId());
            return comment != null && comment.getHiding().isHidden();
        }
        return false;
    }

    /** @return a note when the delivery was settled without a call, else {@code null} */
    private String toHelpdesk(EntityManager em, HelpdeskConnector connector, ReportEvent event, Delivery delivery,
                              Instant now) throws PluginException {
        String reportId = event.report().id();
        HelpdeskTicketLink link = em.find(HelpdeskTicketLink.class, new HelpdeskTicketLink.Key(reportId, connector.id()));
        if (event instanceof ReportCreated) {
            if (link == null) {
                HelpdeskTicket ticket = call(() -> connector.submit((ReportCreated) event));
                if (ticket == null) {
                    throw new PluginException("submit returned no ticket", false, null);
                }
                em.persist(new HelpdeskTicketLink(reportId, connector.id(), ticket, now));
            }
            return null;
        }
        if (link == null) {
            if (awaitsSubmission(em, delivery.getConsumer(), reportId)) {
                String why = "waiting for the report to reach the helpdesk first";
                delivery.postpone(now.plus(settings.firstRetry()), why, now);
                return why;
            }
            String why = "the report has no case at this helpdesk (it was reported before the connector was"
                    + " installed, or its submission failed)";
            delivery.finish(Delivery.SKIPPED, why, now);
            return why;
        }
        HelpdeskTicket ticket = link.ticket();
        call(() -> {
            connector.statusChanged((ReportStatusChanged) event, ticket);
            return null;
        });
        return null;
    }

    /**
     * POSTs events to one webhook, signed, in order per report, unless the webhook's circuit
     * breaker holds calls back. Waiting (for an earlier event, or for the breaker) counts no
     * attempt; a 2xx delivers, a {@code 410 Gone} switches the webhook off and ends the delivery,
     * anything else is a failed attempt retried like a plugin's. The deliveries of a batch are
     * sent at once, each within the time limit; while the breaker is not closed only the first
     * is, as the probe (or not at all).
     *
     * @param batch deliveries to the same webhook, locked, oldest first
     * @return those whose state this changed
     */
    private List<Delivery> toWebhook(EntityManager em, List<Delivery> batch, Instant now) {
        String webhookId = batch.get(0).getConsumer().substring(Webhook.TARGET_PREFIX.length());
        Webhook webhook = em.find(Webhook.class, webhookId);
        if (webhook == null) {
            batch.forEach(d -> d.finish(Delivery.SKIPPED, "the webhook was removed", now));
            return batch;
        }
        if (!webhook.isEnabled()) {
            // Dead rather than skipped: once the webhook is switched on again, a replay sends them.
            String why = "the webhook is switched off"
                    + (webhook.getDisabledReason() == null ? "" : ": " + webhook.getDisabledReason());
            batch.forEach(d -> d.finish(Delivery.DEAD, why, now));
            return batch;
        }
        if (webhooks == null) {
            batch.forEach(d -> d.postpone(now.plus(settings.maxRetry()), "this server does not call webhooks; the"
                    + " delivery waits for one that does", now));
            return batch;
        }
        if (!Webhook.CLOSED.equals(webhook.getBreakerState())) {
            // One call at most: the probe. The others stay untouched, unlocked at the commit.
            batch = batch.subList(0, 1);
        }
        Map<String, OutboxEvent> rows = events(em, batch);
        List<Delivery> sending = new ArrayList<>();
        for (Delivery delivery : batch) {
            OutboxEvent row = rows.get(delivery.getEventId());
            // Nothing about a report comes before its creation, so that event needs no check.
            Instant earlier = ReportCreated.TYPE.equals(row.getType()) ? null
                    : earlierPending(em, delivery.getConsumer(), row);
            if (earlier != null) {
                Instant soonest = now.plus(ORDER_WAIT);
                delivery.postpone(earlier.isAfter(soonest) ? earlier.plusMillis(1) : soonest,
                        "waiting for an earlier event of the same report to reach this webhook first", now);
            } else {
                sending.add(delivery);
            }
        }
        boolean locked = false;
        if (!sending.isEmpty() && !Webhook.CLOSED.equals(webhook.getBreakerState())) {
            // Only one server may turn an open breaker half-open and make the probe call.
            em.refresh(webhook, LockModeType.PESSIMISTIC_WRITE);
            locked = true;
            Instant retry = webhook.admit(now, settings.timeout().plus(PROBE_MARGIN));
            if (retry != null) {
                sending.get(0).postpone(retry, "the webhook's circuit breaker is "
                        + webhook.getBreakerState().replace('_', '-') + " after " + webhook.getConsecutiveFailures()
                        + " failed calls in a row" + "; next call at " + retry, now);
                return batch;
            }
            em.flush();
        }
        List<Delivery> calling = new ArrayList<>();
        List<HttpRequest> requests = new ArrayList<>();
        List<Tracing.Span> spans = new ArrayList<>();
        try {
            for (Delivery delivery : sending) {
                OutboxEvent row = rows.get(delivery.getEventId());
                EventOrigin origin = originOf(row);
                Tracing.Span span = deliverySpan(delivery, row, origin);
                try {
                    requests.add(webhookRequest(webhook, row, new EventOrigin(origin.requestId().orElse(null),
                            span.traceparent()), now));
                    calling.add(delivery);
                    spans.add(span);
                } catch (IllegalArgumentException e) {
                    span.failed(e.getMessage());
                    span.close();
                    delivery.attempted();
                    delivery.finish(Delivery.DEAD, "the webhook's URL cannot be called: " + e.getMessage(), now);
                }
            }
            if (calling.isEmpty()) {
                return batch;
            }
            List<Answer> answers;
            try {
                // The HTTP client's own asynchronous calls, awaited here with the time limit: no task
                // of the executor. Tasks for the calls queued behind the rounds waiting for them, and
                // Liberty's thread pool grew too slowly to run them within the limit.
                answers = sendAll(requests);
            } catch (InterruptedException e) {
                // Only a stop interrupts a round's thread.
                Thread.currentThread().interrupt();
                throw new DispatchStoppedException("interrupted while waiting for the webhook", e);
            }
            Instant after = now();
            for (int i = 0; i < calling.size(); i++) {
                Answer answer = answers.get(i);
                Delivery delivery = calling.get(i);
                delivery.called(answer.status(), answer.millis());
                if (answer.error() != null) {
                    spans.get(i).failed(answer.error());
                }
                locked = settle(em, webhook, locked, delivery, rows.get(delivery.getEventId()), answer.status(),
                        answer.error(), after);
            }
            return batch;
        } finally {
            spans.forEach(Tracing.Span::close);
        }
    }

    /** @return the outbox rows of the deliveries' events, by id, in one query */
    private static Map<String, OutboxEvent> events(EntityManager em, List<Delivery> deliveries) {
        Map<String, OutboxEvent> rows = new HashMap<>();
        if (deliveries.size() == 1) {
            OutboxEvent row = em.find(OutboxEvent.class, deliveries.get(0).getEventId());
            rows.put(row.getId(), row);
            return rows;
        }
        em.createQuery("SELECT e FROM OutboxEvent e WHERE e.id IN :ids", OutboxEvent.class)
                .setParameter("ids", deliveries.stream().map(Delivery::getEventId).toList())
                .setHint(READ_ONLY, true)
                .getResultList().forEach(row -> rows.put(row.getId(), row));
        return rows;
    }

    /** @param call the request id of the event, and the delivery span's traceparent (none when tracing is off) */
    private HttpRequest webhookRequest(Webhook webhook, OutboxEvent row, EventOrigin call, Instant now) {
        String body = webhookBody(row, Events.envelope(row.getPayload()));
        long timestamp = now.getEpochSecond();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(webhook.getUrl()));
        // The request that caused the event, so that the receiver's logs and ours can be matched.
        call.requestId().ifPresent(id -> builder.header(EventOrigin.REQUEST_ID_HEADER, id));
        // The receiver's own spans join the trace (W3C Trace Context).
        call.traceparent().ifPresent(trace -> builder.header(EventOrigin.TRACEPARENT_HEADER, trace));
        return builder
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "FixMyQuarter-Webhooks")
                .header("webhook-id", row.getId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignatures.header(webhook.signingSecrets(now), row.getId(),
                        timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    /**
     * Makes the calls at once (the HTTP client's own asynchronous calls, no thread each), then
     * reads each answer within what is left of the time limit. The bodies are read inside the
     * limit too: a receiver that trickles its answer must not hold the worker longer than one that
     * never answers.
     *
     * @return each call's answer, in the order of the requests
     */
    private List<Answer> sendAll(List<HttpRequest> requests) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + settings.timeout().toNanos();
        List<java.util.concurrent.CompletableFuture<Timed>> calls = new ArrayList<>();
        for (HttpRequest request : requests) {
            calls.add(webhooks.client().sendAsync(request, info -> new BoundedBody(info.statusCode()))
                    .thenApply(response -> new Timed(response, System.nanoTime())));
        }
        List<Answer> answers = new ArrayList<>();
        try {
            for (java.util.concurrent.CompletableFuture<Timed> call : calls) {
                answers.add(answer(call, start, deadline));
            }
        } finally {
            calls.forEach(call -> call.cancel(true));
        }
        return answers;
    }

    private Answer answer(java.util.concurrent.CompletableFuture<Timed> call, long start, long deadline)
            throws InterruptedException {
        Timed timed;
        try {
            timed = call.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return new Answer(null, "no answer within " + settings.timeout().toSeconds() + " s",
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            return new Answer(null, cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
        HttpResponse<byte[]> response = timed.response();
        int code = response.statusCode();
        long millis = Duration.ofNanos(timed.at() - start).toMillis();
        if (code / 100 == 2) {
            return new Answer(code, null, millis);
        }
        String said = new String(response.body(), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return new Answer(code, "HTTP " + code + (said.isEmpty() ? "" : ": " + said), millis);
    }

    /** A response, and when it was read. */
    private record Timed(HttpResponse<byte[]> response, long at) {
    }

    /**
     * Writes what one call came to: the delivery's state, and the breaker's when it changes.
     *
     * @param locked whether this transaction holds the webhook's row already
     * @return whether it holds it now
     */
    private boolean settle(EntityManager em, Webhook webhook, boolean locked, Delivery delivery, OutboxEvent row,
                           Integer status, String error, Instant after) {
        if (error == null) {
            delivery.attempted();
            delivery.finish(Delivery.DELIVERED, null, after);
            // A closed breaker with no failure to forget has nothing to write: not locking its row
            // keeps concurrent deliveries to one webhook from queueing behind each other's commits.
            if (locked || webhook.getConsecutiveFailures() > 0) {
                if (!locked) {
                    em.refresh(webhook, LockModeType.PESSIMISTIC_WRITE);
                }
                webhook.callSucceeded();
                return true;
            }
            return false;
        }
        if (!locked) {
            em.refresh(webhook, LockModeType.PESSIMISTIC_WRITE);
        }
        if (status != null && status == GONE) {
            delivery.attempted();
            delivery.finish(Delivery.DEAD, "410 Gone: the receiver wants no more events; the webhook was switched off",
                    after);
            if (webhook.isEnabled()) {
                JsonObject before = Webhooks.state(webhook);
                webhook.disable("The receiver answered 410 Gone at " + after + ": it wants no more events. Check the"
                        + " URL with its owner, then switch the webhook on again (PATCH enabled=true) and replay.", after);
                new AuditLog(em).record(DISPATCHER, "webhook.disabled", "webhook", webhook.getId(), before,
                        Webhooks.state(webhook), after);
                LOG.log(Level.WARNING, "Webhook " + webhook.getId() + " answered 410 Gone (event " + row.getId()
                        + ofRequest(originOf(row).requestId().orElse(null)) + "); it is switched off");
            }
            return true;
        }
        webhook.callFailed(webhooks.breakerFailures(), webhooks.breakerCoolDown(), after);
        int attempt = delivery.getAttempts() + 1;
        boolean dead = attempt >= settings.maxAttempts();
        delivery.failed(error, after.plus(pause(attempt)), dead, after);
        LOG.log(Level.INFO, "Webhook " + webhook.getId() + ", event " + row.getId()
                + ofRequest(originOf(row).requestId().orElse(null)) + ", attempt " + attempt
                + (dead ? " (gave up)" : "") + ": " + error);
        return true;
    }

    /**
     * @return the id of the request that caused the event and the trace context it was recorded
     *         in, as its envelope keeps them ({@link Outbox#REQUEST_ID}, {@link Outbox#TRACEPARENT})
     */
    static EventOrigin originOf(OutboxEvent row) {
        try (JsonReader reader = Outbox.JSON.createReader(new StringReader(row.getPayload()))) {
            JsonObject envelope = reader.readObject();
            return new EventOrigin(text(envelope, Outbox.REQUEST_ID), text(envelope, Outbox.TRACEPARENT));
        }
    }

    private static String text(JsonObject envelope, String member) {
        return envelope.containsKey(member) && envelope.get(member).getValueType() == JsonValue.ValueType.STRING
                ? envelope.getString(member) : null;
    }

    /** The body receivers get: the event's type and time, and the data the outbox row carries. */
    static String webhookBody(OutboxEvent row, JsonObject envelope) {
        JsonObject data = envelope.getJsonObject("data");
        return Outbox.JSON.createObjectBuilder()
                .add("type", row.getType())
                .add("timestamp", row.getOccurredAt().toString())
                .add("data", data == null ? JsonValue.EMPTY_JSON_OBJECT : data)
                .build().toString();
    }

    /**
     * What a webhook answered: its status ({@code null} without an answer), what went wrong unless
     * it was a success, and how long it took.
     */
    private record Answer(Integer status, String error, long millis) {
    }

    /**
     * Reads an answer's body as it arrives, within the call's time limit: a success's to its end
     * (up to {@link #DRAINED_AT_MOST}, kept nowhere), so its connection goes back to the client's
     * pool; a refusal's first {@link #KEPT_OF_REFUSAL} bytes, which often say why. Past those the
     * body is abandoned, which closes the connection.
     */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final long most;
        private final boolean keep;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private final java.util.concurrent.CompletableFuture<byte[]> body = new java.util.concurrent.CompletableFuture<>();
        private java.util.concurrent.Flow.Subscription subscription;
        private long read;

        private BoundedBody(int status) {
            this.keep = status / 100 != 2;
            this.most = keep ? KEPT_OF_REFUSAL : DRAINED_AT_MOST;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> items) {
            for (java.nio.ByteBuffer item : items) {
                int take = (int) Math.min(item.remaining(), most - read);
                if (keep) {
                    byte[] bytes = new byte[take];
                    item.get(bytes);
                    kept.writeBytes(bytes);
                }
                read += take;
            }
            if (read >= most && !body.isDone()) {
                subscription.cancel();
                body.complete(kept.toByteArray());
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(kept.toByteArray());
        }
    }

    /**
     * @return when the earliest still pending delivery of an earlier event about the same subject
     *         to the same target is due, or {@code null} if there is none
     */
    private static Instant earlierPending(EntityManager em, String consumer, OutboxEvent row) {
        // Driven by the report's events (fmq_outbox_aggregate_idx), each one's delivery found by
        // fmq_delivery_once: a subquery in the select list keeps that plan whatever the statistics
        // say. As a join, PostgreSQL read the webhook's whole pending backlog per delivery whenever
        // its statistics predated a burst of events (autovacuum had not analysed the table yet):
        // 217 ms a delivery with a backlog of 60,000, against 0.1 ms.
        OffsetDateTime at = row.getOccurredAt().atOffset(ZoneOffset.UTC);
        Object due = em.createNativeQuery(EARLIER_PENDING)
                .setParameter(1, consumer)
                .setParameter(2, row.getAggregateId())
                .setParameter(3, at)
                .setParameter(4, at)
                .setParameter(5, row.getId())
                .getSingleResult();
        return Clocks.instantOf(due);
    }

    private boolean awaitsSubmission(EntityManager em, String consumer, String reportId) {
        // A report handed over to this connector's body opens its case by the hand-over's event.
        return em.createQuery("SELECT COUNT(d) FROM Delivery d, OutboxEvent e WHERE d.eventId = e.id"
                        + " AND d.consumer = :consumer AND d.state = :pending AND e.type IN (:created, :handedOver)"
                        + " AND e.aggregateId = :report", Long.class)
                .setParameter("consumer", consumer)
                .setParameter("pending", Delivery.PENDING)
                .setParameter("created", ReportCreated.TYPE)
                .setParameter("handedOver", BodyTargets.HANDED_OVER)
                .setParameter("report", reportId)
                .getSingleResult() > 0;
    }

    private void fail(Delivery delivery, Plugin plugin, String error, boolean retryable, Instant now) {
        int attempt = delivery.getAttempts() + 1;
        boolean dead = !retryable || attempt >= settings.maxAttempts();
        delivery.failed(error == null ? "failed without a message" : error, now.plus(pause(attempt)), dead, now);
        plugins.reportError(kindOf(plugin), plugin, "event " + delivery.getEventId() + ", attempt " + attempt
                + (dead ? " (gave up)" : "") + ": " + error);
    }

    /** Doubles from the first pause, capped, with up to 20% jitter so retries of many servers spread out. */
    private Duration pause(int attempt) {
        long first = Math.max(1, settings.firstRetry().toMillis());
        long millis = attempt >= 31 ? settings.maxRetry().toMillis()
                : Math.min(settings.maxRetry().toMillis(), first << (attempt - 1));
        return Duration.ofMillis(millis - (long) (millis * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    private <T> T call(Callable<T> work) throws PluginException {
        EventOrigin origin = DELIVERING.get();
        // The plugin runs on the executor's thread: the origin goes there with the call.
        return PluginCalls.limited(executor, settings.timeout(), origin == null ? work : () -> origin.during(work));
    }

    private Map<String, Plugin> consumers() {
        Map<String, Plugin> consumers = new LinkedHashMap<>();
        for (NotificationChannel channel : plugins.active(NotificationChannel.class)) {
            consumers.put(PluginKind.NOTIFICATION_CHANNEL.wireName() + "/" + channel.id(), channel);
        }
        for (HelpdeskConnector connector : plugins.active(HelpdeskConnector.class)) {
            consumers.put(PluginKind.HELPDESK_CONNECTOR.wireName() + "/" + connector.id(), connector);
        }
        return consumers;
    }

    private static boolean isPersonal(Plugin plugin) {
        try {
            return plugin instanceof NotificationChannel && ((NotificationChannel) plugin).personal();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @return the person's own choice of language, else the deployment's */
    private Locale localeOf(UserAccount account) {
        return account.getPreferredLocale() == null ? defaultLocale : Locale.forLanguageTag(account.getPreferredLocale());
    }

    private static PluginKind kindOf(Plugin consumer) {
        return consumer instanceof HelpdeskConnector ? PluginKind.HELPDESK_CONNECTOR : PluginKind.NOTIFICATION_CHANNEL;
    }

    private static boolean wants(Plugin plugin, String type) {
        if (plugin instanceof HelpdeskConnector) {
            return ReportCreated.TYPE.equals(type) || ReportStatusChanged.TYPE.equals(type);
        }
        try {
            return ((NotificationChannel) plugin).accepts(type);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Instant now() {
        return Clocks.now(clock);
    }
}
