package org.fixmyquarter.core.report;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.area.AreaGeometry;
import org.fixmyquarter.core.area.AreaRouting;
import org.fixmyquarter.core.area.ReportGeometry;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.body.Body;
import org.fixmyquarter.core.body.BodyRouting;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ForbiddenException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.follow.FollowService;
import org.fixmyquarter.core.internal.Events;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.internal.ReportLocks;
import org.fixmyquarter.core.internal.Positions;
import org.fixmyquarter.core.moderation.FlagReason;
import org.fixmyquarter.core.moderation.Flags;
import org.fixmyquarter.core.moderation.Moderation;

/**
 * The use cases of reports: create, read, list and move through the workflow.
 *
 * <p>Every method runs in the caller's transaction (see the package documentation of
 * {@code org.fixmyquarter.core}); a write adds its history row and its outbox event to that same
 * transaction, so they commit or roll back together. Instances are cheap: create one per
 * transaction.
 */
public class ReportService {

    /** Longest title, in characters. */
    public static final int TITLE_MAX = 200;
    /** Longest description, in characters. */
    public static final int DESCRIPTION_MAX = 5000;
    /** Longest address, in characters. */
    public static final int ADDRESS_MAX = 500;
    /** Longest name of a team or body a report is assigned to. */
    public static final int TEAM_MAX = 100;
    /** Longest reason for a status change, in characters. */
    public static final int REASON_MAX = 1000;
    /** Largest accepted position accuracy, in metres. */
    public static final double ACCURACY_MAX = 100_000;
    /** Smallest radius of a search for similar reports, in metres. */
    public static final int SIMILAR_RADIUS_MIN = 10;
    /** Largest radius of a search for similar reports, in metres: a neighbourhood. */
    public static final int SIMILAR_RADIUS_MAX = 2_000;
    /** Radius of a search for similar reports when the client gives none, in metres. */
    public static final double SIMILAR_RADIUS_DEFAULT = 250;
    /** Most similar reports one search returns. */
    public static final int SIMILAR_LIMIT_MAX = 20;

    private final EntityManager em;
    private final CategoryCatalog categories;
    private final Clock clock;
    private final TextSearch textSearch;

    /**
     * With the {@linkplain TextSearch#portable() portable} text search.
     *
     * @param em         the entity manager of the current transaction
     * @param categories the categories reports may be filed under
     * @param clock      the source of "now", UTC
     */
    public ReportService(EntityManager em, CategoryCatalog categories, Clock clock) {
        this(em, categories, clock, TextSearch.portable());
    }

    /**
     * @param em         the entity manager of the current transaction
     * @param categories the categories reports may be filed under
     * @param clock      the source of "now", UTC
     * @param textSearch how {@link ReportFilter#text()} is matched on this database
     */
    public ReportService(EntityManager em, CategoryCatalog categories, Clock clock, TextSearch textSearch) {
        this.em = Objects.requireNonNull(em, "em");
        this.categories = Objects.requireNonNull(categories, "categories");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.textSearch = Objects.requireNonNull(textSearch, "textSearch");
    }

    /**
     * Validates and stores a new report in status {@code open}, with its first history entry and a
     * {@code report.created} event.
     *
     * @param content what the citizen submitted
     * @param author  who submitted it: anyone, an anonymous visitor included ({@link Permissions#checkSubmitReport})
     * @return the stored report
     * @throws ValidationException      listing every invalid field; nothing is written
     * @throws IllegalArgumentException if the content or the author is {@code null}
     */
    public Report create(NewReport content, Actor author) {
        return create(content, author, null);
    }

    /**
     * Creates a report sent by an app through an API key (Open311), with the same rules as
     * {@link #create(NewReport, Actor)}; the report records the key.
     *
     * @param content  what the citizen submitted
     * @param author   who submitted it
     * @param apiKeyId the id of the API key the app sent it with, or {@code null}
     * @return the stored report
     * @throws ValidationException listing every invalid field; nothing is written
     */
    public Report create(NewReport content, Actor author, String apiKeyId) {
        Permissions.checkSubmitReport(author);
        if (content == null) {
            throw new IllegalArgumentException("The report's content is required: a NewReport with its title, "
                    + "category and position or address");
        }
        ReportGeometry shape = validate(content);
        Instant now = now();
        Report report = new Report(Ids.newId(), content, shape, author.id(), author.displayName(), now);
        report.sentWith(apiKeyId);
        em.persist(report);
        em.persist(new StatusChange(Ids.newId(), report.getId(), null, ReportStatus.OPEN, author.id(),
                author.displayName(), null, now));
        // The follow row refers to the report: write the report first.
        em.flush();
        FollowService.startFollowing(em, report.getId(), author.id(), now);
        // In this transaction: a report is never stored without its areas and its body.
        if (shape != null) {
            // A line or zone is in every area it touches; its body is chosen, as a point's is,
            // among the areas holding its representative point, so that one body answers for it.
            AreaRouting.route(em, report.getId(), shape);
            report.routedTo(BodyRouting.bodyFor(em, categories, report.getCategory(),
                    AreaRouting.areasAt(em, report.getLatitude(), report.getLongitude())));
        } else {
            List<String> areas = report.hasPosition()
                    ? AreaRouting.route(em, report.getId(), report.getLatitude(), report.getLongitude())
                    : AreaRouting.routeByAddress(em, report.getId(), report.getAddress());
            report.routedTo(BodyRouting.bodyFor(em, categories, report.getCategory(), areas));
        }
        Outbox.record(em, "report.created", report.getId(), Events.summary(report).add("actorId", author.id()).build(),
                now);
        return report;
    }

    /**
     * @param id a report id
     * @return the report
     * @throws NotFoundException if there is none with that id
     */
    public Report get(String id) {
        Report report = id == null ? null : em.find(Report.class, id);
        if (report == null) {
            throw new NotFoundException("report", id);
        }
        return report;
    }

    /**
     * Lists reports, filtered, in the filter's order, one page at a time. See {@link ReportFilter}
     * for the filters; they combine.
     *
     * @param filter what to list
     * @return one page
     * @throws ValidationException naming each filter that is out of range or malformed: the limit,
     *                             an unknown category, a circle or rectangle off the earth, a
     *                             period that ends before it starts, text too long, sorting by
     *                             distance without a centre, or a cursor not issued for this order
     */
    public ReportPage list(ReportFilter filter) {
        return new ReportSearch(em, categories, textSearch).list(filter);
    }

    /**
     * The map's clusters: the reports a {@link #list} with the same filter would find, counted per
     * cell of the zoom's {@link ReportGrid} by the database, so that a map never reads every report.
     * Only reports with a position count; the filter's rectangle is required, its page size,
     * cursor and order are ignored. The same reports are visible as in the list: hidden ones only
     * when {@link ReportFilter#staff()} is set.
     *
     * @param filter what to count; {@link ReportFilter#box()} required
     * @param zoom   the map's zoom level, {@link ReportGrid#MIN_ZOOM} to {@link ReportGrid#MAX_ZOOM}
     * @return one cluster per cell holding reports, south to north, then west to east
     * @throws ValidationException naming each filter out of range as {@link #list} does, a missing
     *                             rectangle, a zoom out of range, or a rectangle spanning more than
     *                             {@link ReportGrid#MAX_CELLS} cells at that zoom
     */
    public List<ReportCluster> clusters(ReportFilter filter, int zoom) {
        return new ReportSearch(em, categories, textSearch).clusters(filter, zoom);
    }

    /**
     * "Is this already reported?": open and in-progress reports of the category within the radius,
     * the likeliest first: nearer, and sharing more words with {@code text}, count more.
     *
     * @param latitude     where the citizen stands or points
     * @param longitude    likewise
     * @param category     the category they chose; its sub-categories count too
     * @param text         what they typed so far, or {@code null}
     * @param radiusMetres how far to look, {@link #SIMILAR_RADIUS_MIN} to {@link #SIMILAR_RADIUS_MAX}
     * @param limit        how many to return, 1 to {@link #SIMILAR_LIMIT_MAX}
     * @return the likeliest duplicates, best first; public reports only
     * @throws ValidationException naming each parameter out of range, or an unknown category
     */
    public List<SimilarReport> similar(double latitude, double longitude, String category, String text,
                                       double radiusMetres, int limit) {
        return new SimilarReports(new ReportSearch(em, categories, textSearch))
                .find(latitude, longitude, category, text, radiusMetres, limit);
    }

    /**
     * Moves a report to another status, recording who, when and why, and emits a
     * {@code report.status_changed} event.
     *
     * <p>Concurrent changes of one report are serialised by a row lock, so each history entry's
     * {@code from} is the status the change really started from.
     *
     * @param id     the report
     * @param target the status to move to
     * @param reason why, shown publicly in the history; required
     * @param actor  who makes the change: a moderator, operator or administrator
     *               ({@link Permissions#checkChangeStatus})
     * @return the updated report
     * @throws ForbiddenException  if the actor may not change statuses; nothing is written
     * @throws ValidationException if the status is missing, or the reason missing or too long
     * @throws NotFoundException   if the report does not exist
     * @throws ConflictException   if the workflow does not allow the move
     */
    public Report changeStatus(String id, ReportStatus target, String reason, Actor actor) {
        Permissions.checkChangeStatus(actor);
        List<FieldError> errors = new ArrayList<>();
        if (target == null) {
            errors.add(FieldError.translatable("status", "validation.required-one-of",
                    "is required; one of: " + ReportStatus.wireNames(), ReportStatus.wireNames()));
        }
        checkReason(errors, reason, true);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Report report = locked(id);
        Permissions.checkChangeStatus(actor, report.getBodyId());
        // Reopening a merged duplicate would list it again while its address still redirects.
        requireNotMerged(report);
        return move(report, target, reason.strip(), actor, StatusChange.KIND_STATUS, null, now());
    }

    /**
     * The one way a report's status changes: the workflow checked, a history entry of the given
     * kind, an audit entry and a {@code report.status_changed} event.
     */
    private Report move(Report report, ReportStatus target, String reason, Actor actor, String kind, String detail,
                        Instant now) {
        ReportStatus from = report.getStatus();
        if (!from.canMoveTo(target)) {
            throw new ConflictException("invalid-status-transition", "A report that is '" + from.wireName()
                    + "' cannot move to '" + target.wireName() + "'. Allowed from '" + from.wireName() + "': "
                    + allowed(from) + ".", "problem.invalid-status-transition.detail", from.wireName(),
                    target.wireName(), allowed(from));
        }
        report.moveTo(target, now);
        em.persist(new StatusChange(Ids.newId(), report.getId(), kind, detail, from, target, actor.id(),
                actor.displayName(), reason, now));
        new AuditLog(em).record(actor, "report.status_changed", "report", report.getId(),
                Outbox.JSON.createObjectBuilder().add("status", from.wireName()).build(),
                Outbox.JSON.createObjectBuilder().add("status", target.wireName()).add("reason", reason).build(),
                now);
        Outbox.record(em, "report.status_changed", report.getId(), Events.summary(report)
                .add("from", from.wireName())
                .add("reason", reason)
                .add("actor", actor.displayName())
                .add("actorId", actor.id())
                .build(), now);
        // Flush so the version and the history row are written before the caller renders them.
        em.flush();
        return report;
    }

    /**
     * Merges a duplicate into the report it repeats: the duplicate moves to {@code duplicate}
     * through the workflow (a history entry of kind {@code merged} naming the original, and a
     * {@code report.status_changed} event), remembers the original, and hands over its votes (a
     * person who supported both counts once; the original's count is recounted) and its followers
     * (who then follow both); its open {@code duplicate} flags are resolved. Writes an audit entry
     * and a {@code report.merged} event. Both reports are locked in id order, so two merges of the
     * same pair cannot deadlock.
     *
     * @param id        the duplicate
     * @param into      the original
     * @param reason    why, 1 to {@link Moderation#REASON_MAX} characters
     * @param moderator who: a moderator or administrator ({@link Permissions#checkModerate})
     * @return the duplicate
     * @throws ForbiddenException  if the actor may not moderate; nothing is written
     * @throws ValidationException if the reason or {@code into} is missing or {@code into} names no report
     * @throws NotFoundException   if the duplicate does not exist
     * @throws ConflictException   {@code merge-into-self}, {@code already-merged} (the duplicate),
     *                             {@code merge-target-unavailable} (the original is merged or hidden),
     *                             or {@code invalid-status-transition} (a closed duplicate)
     */
    public Report merge(String id, String into, String reason, Actor moderator) {
        Permissions.checkModerate(moderator);
        String why = Moderation.checkedReason(reason);
        String original = into == null ? "" : into.strip();
        if (original.isEmpty()) {
            throw ValidationException.of("into", "validation.required", "is required");
        }
        if (original.equals(id)) {
            throw new ConflictException("merge-into-self", "A report cannot be merged into itself.",
                    "problem.merge-into-self.detail");
        }
        boolean duplicateFirst = id != null && id.compareTo(original) < 0;
        Report first = duplicateFirst ? locked(id) : em.find(Report.class, original, LockModeType.PESSIMISTIC_WRITE);
        Report second = duplicateFirst ? em.find(Report.class, original, LockModeType.PESSIMISTIC_WRITE) : locked(id);
        Report duplicate = duplicateFirst ? first : second;
        Report target = duplicateFirst ? second : first;
        if (target == null) {
            throw ValidationException.of("into", "validation.unknown-report", "'" + original + "' is not a report",
                    original);
        }
        if (duplicate.getMergedInto() != null) {
            throw new ConflictException("already-merged", "This report was merged into '" + duplicate.getMergedInto()
                    + "' already.", "problem.already-merged.detail", duplicate.getMergedInto());
        }
        if (target.getMergedInto() != null || target.getHiding().isHidden()) {
            throw new ConflictException("merge-target-unavailable", "Report '" + original + "' is merged or hidden;"
                    + " merge into a visible report that was not merged.", "problem.merge-target-unavailable.detail",
                    original);
        }
        Instant now = now();
        ReportStatus before = duplicate.getStatus();
        int votesBefore = duplicate.getVoteCount();
        duplicate.mergeInto(original, now);
        move(duplicate, ReportStatus.DUPLICATE, why, moderator, StatusChange.KIND_MERGED, original, now);

        for (Vote vote : em.createQuery("SELECT v FROM Vote v WHERE v.reportId = :id", Vote.class)
                .setParameter("id", duplicate.getId()).getResultList()) {
            if (em.find(Vote.class, new Vote.Key(original, vote.getUserId())) == null) {
                em.persist(new Vote(original, vote.getUserId(), now));
            }
            em.remove(vote);
        }
        for (String follower : em.createQuery("SELECT f.userId FROM ReportFollow f WHERE f.reportId = :id",
                String.class).setParameter("id", duplicate.getId()).getResultList()) {
            FollowService.startFollowing(em, original, follower, now);
        }
        em.flush();
        duplicate.votesCounted(0);
        target.votesCounted(em.createQuery("SELECT COUNT(v) FROM Vote v WHERE v.reportId = :id", Long.class)
                .setParameter("id", original).getSingleResult().intValue());
        Flags.resolveOpen(em, duplicate.getId(), null, Flags.RESOLVED_MERGED, moderator, now, FlagReason.DUPLICATE);

        var json = Outbox.JSON;
        new AuditLog(em).record(moderator, "report.merged", "report", duplicate.getId(),
                json.createObjectBuilder().add("status", before.wireName()).add("votes", votesBefore)
                        .addNull("mergedInto").build(),
                json.createObjectBuilder().add("status", ReportStatus.DUPLICATE.wireName()).add("votes", 0)
                        .add("mergedInto", original).add("originalVotes", target.getVoteCount()).add("reason", why)
                        .build(), now);
        Outbox.record(em, "report.merged", duplicate.getId(), Events.summary(duplicate)
                .add("mergedInto", original)
                .add("reason", why)
                .add("actor", moderator.displayName())
                .add("actorId", moderator.id())
                .build(), now);
        em.flush();
        return duplicate;
    }

    private Report locked(String id) {
        return ReportLocks.locked(em, id);
    }

    private static void requireNotMerged(Report report) {
        ReportLocks.requireNotMerged(report);
    }

    /**
     * Assigns a report to the team or body that will handle it, or takes the assignment back,
     * recording who, when and why in the public history. The status does not change.
     *
     * @param id     the report
     * @param team   the team or body, 1 to {@link #TEAM_MAX} characters once stripped; {@code null}
     *               to unassign
     * @param reason why, shown publicly; required
     * @param actor  who assigns: an operator or administrator ({@link Permissions#checkAssign})
     * @return the updated report
     * @throws ForbiddenException  if the actor may not assign; nothing is written
     * @throws ValidationException if the reason is missing, the team blank or a text too long
     * @throws NotFoundException   if the report does not exist
     */
    public Report assign(String id, String team, String reason, Actor actor) {
        Permissions.checkAssign(actor);
        String assignee = team == null ? null : team.strip();
        List<FieldError> errors = new ArrayList<>();
        // Blank is refused rather than read as "unassign": a form whose field came back empty by
        // mistake must not silently take a report away from the team handling it.
        if (assignee != null && assignee.isEmpty()) {
            errors.add(FieldError.translatable("team", "validation.team-blank",
                    "must not be blank; send null to unassign"));
        } else if (assignee != null && assignee.length() > TEAM_MAX) {
            errors.add(FieldError.translatable("team", "validation.too-long", "must be at most " + TEAM_MAX
                    + " characters", TEAM_MAX));
        }
        checkReason(errors, reason, false);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Report report = locked(id);
        Permissions.checkAssign(actor, report.getBodyId());
        Instant now = now();
        String before = report.getAssignedTo();
        report.assignTo(assignee, now);
        ReportStatus status = report.getStatus();
        em.persist(new StatusChange(Ids.newId(), report.getId(), StatusChange.KIND_ASSIGNED, assignee, status, status,
                actor.id(), actor.displayName(), reason.strip(), now));
        var json = Outbox.JSON;
        new AuditLog(em).record(actor, "report.assigned", "report", report.getId(),
                before == null ? json.createObjectBuilder().addNull("assignedTo").build()
                        : json.createObjectBuilder().add("assignedTo", before).build(),
                assignee == null ? json.createObjectBuilder().addNull("assignedTo").build()
                        : json.createObjectBuilder().add("assignedTo", assignee).build(),
                now);
        Outbox.record(em, "report.assigned", report.getId(), Events.summary(report)
                .add("assignedTo", assignee == null ? "" : assignee)
                .add("reason", reason.strip())
                .add("actorId", actor.id())
                .build(), now);
        em.flush();
        return report;
    }

    /**
     * Hands a report over to another responsible body, recording who, when and why in the public
     * history (kind {@code body}, the new body's id as its detail) and the audit log, and emits a
     * {@code report.body_changed} event, which the new body's delivery target receives. The status
     * and the assignment stay.
     *
     * @param id     the report
     * @param bodyId the body now responsible: a live body
     * @param reason why, shown publicly; required
     * @param actor  who: an operator or administrator, or an operator of the report's current body
     *               ({@link Permissions#checkMoveToBody})
     * @return the updated report
     * @throws ForbiddenException  if the actor may not move the report; nothing is written
     * @throws ValidationException if the body is missing or names no live body, or the reason is
     *                             missing or too long
     * @throws NotFoundException   if the report does not exist
     * @throws ConflictException   {@code same-body} if the report is already the body's
     */
    public Report moveToBody(String id, String bodyId, String reason, Actor actor) {
        Permissions.checkMoveToBody(actor);
        List<FieldError> errors = new ArrayList<>();
        String target = bodyId == null ? "" : bodyId.strip();
        Body body = target.isEmpty() ? null : em.find(Body.class, target);
        if (body == null || body.isRetired()) {
            errors.add(new FieldError("body", target.isEmpty() ? "is required: the id of a body (see GET /bodies)"
                    : "names no live body: see GET /bodies for their ids"));
        }
        checkReason(errors, reason, false);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Report report = locked(id);
        Permissions.checkMoveToBody(actor, report.getBodyId());
        String before = report.getBodyId();
        if (target.equals(before)) {
            throw new ConflictException("same-body", "The report is already the body " + target + "'s.");
        }
        Instant now = now();
        String why = reason.strip();
        report.handOver(target, now);
        ReportStatus status = report.getStatus();
        em.persist(new StatusChange(Ids.newId(), report.getId(), StatusChange.KIND_BODY, target, status, status,
                actor.id(), actor.displayName(), why, now));
        var json = Outbox.JSON;
        new AuditLog(em).record(actor, "report.body_changed", "report", report.getId(),
                before == null ? json.createObjectBuilder().addNull("body").build()
                        : json.createObjectBuilder().add("body", before).build(),
                json.createObjectBuilder().add("body", target).add("reason", why).build(), now);
        var event = Events.summary(report).add("reason", why).add("actorId", actor.id());
        if (before != null) {
            event.add("fromBodyId", before);
        }
        Outbox.record(em, Events.BODY_CHANGED, report.getId(), event.build(), now);
        em.flush();
        return report;
    }

    /**
     * The steps of the public histories of every report that is not hidden, made in a period,
     * oldest first: what a client that follows every report reads (Open311's
     * {@code servicerequestupdates}).
     *
     * @param from  the first instant included
     * @param to    the first instant no longer included
     * @param limit the largest number of steps returned, at least 1
     * @return the steps, oldest first
     */
    public List<StatusChange> changes(Instant from, Instant to, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return em.createQuery("SELECT c FROM StatusChange c, Report r WHERE r.id = c.reportId"
                        + " AND r.hiding.hidden = false AND c.changedAt >= :from AND c.changedAt < :to"
                        + " ORDER BY c.changedAt, c.id", StatusChange.class)
                .setParameter("from", from.atOffset(ZoneOffset.UTC))
                .setParameter("to", to.atOffset(ZoneOffset.UTC))
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * The last step of each report's history that set its status (not an assignment), read for
     * many reports at once, so that a list does not read one history per report.
     *
     * @param ids report ids
     * @return the last such step of each report that has one, by report id
     */
    public Map<String, StatusChange> lastStatusChanges(Collection<String> ids) {
        Map<String, StatusChange> last = new HashMap<>();
        List<String> all = List.copyOf(new LinkedHashSet<>(ids));
        // In chunks: databases limit the parameters of one statement.
        for (int start = 0; start < all.size(); start += 500) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + 500));
            for (StatusChange change : em.createQuery("SELECT c FROM StatusChange c WHERE c.reportId IN :ids"
                            + " AND c.kind <> :assigned AND c.kind <> :body ORDER BY c.changedAt, c.id", StatusChange.class)
                    .setParameter("ids", chunk)
                    .setParameter("assigned", StatusChange.KIND_ASSIGNED)
                    .setParameter("body", StatusChange.KIND_BODY)
                    .getResultList()) {
                last.put(change.getReportId(), change);
            }
        }
        return last;
    }

    /**
     * @param id a report id
     * @return the report's status history, oldest first, starting with its creation
     * @throws NotFoundException if there is no such report
     */
    public List<StatusChange> history(String id) {
        get(id);
        return em.createQuery("SELECT c FROM StatusChange c WHERE c.reportId = :id ORDER BY c.changedAt, c.id",
                        StatusChange.class)
                .setParameter("id", id)
                .getResultList();
    }

    private Instant now() {
        return Clocks.now(clock);
    }

    /** @return the checked line or zone, or {@code null} for a report at a point or an address */
    private ReportGeometry validate(NewReport content) {
        List<FieldError> errors = new ArrayList<>();
        String title = content.title();
        if (title == null || title.isBlank()) {
            errors.add(FieldError.translatable("title", "validation.required", "is required"));
        } else if (length(title.strip()) > TITLE_MAX) {
            errors.add(FieldError.translatable("title", "validation.too-long-has", "must be at most " + TITLE_MAX
                    + " characters (it has " + length(title.strip()) + ")", TITLE_MAX, length(title.strip())));
        }
        if (content.description() != null && length(content.description().strip()) > DESCRIPTION_MAX) {
            errors.add(FieldError.translatable("description", "validation.too-long",
                    "must be at most " + DESCRIPTION_MAX + " characters", DESCRIPTION_MAX));
        }
        if (content.category() == null || content.category().isBlank()) {
            String known = String.join(", ", categories.codes());
            errors.add(FieldError.translatable("category", "validation.required-one-of", "is required; one of: " + known,
                    known));
        } else if (!categories.contains(content.category())) {
            errors.add(unknownCategory(categories, "category", content.category()));
        }
        boolean positioned = content.latitude() != null || content.longitude() != null;
        // Spaces alone (no-break and zero-width ones too) say nowhere: a place has a letter or a digit.
        boolean addressed = content.address() != null
                && content.address().codePoints().anyMatch(Character::isLetterOrDigit);
        ReportGeometry shape = null;
        boolean shaped = content.geometry() != null && content.geometry() != JsonValue.NULL;
        if (shaped && positioned) {
            // One place only: a point beside a line could disagree with it, and which would win?
            errors.add(new FieldError("geometry", "give either location.lat and location.lon (a point) or "
                    + "geometry (a line or a zone), not both: a report with a geometry gets its position from it"));
        } else if (shaped) {
            try {
                shape = ReportGeometry.parse(content.geometry());
            } catch (AreaGeometry.InvalidGeometryException e) {
                errors.add(new FieldError("geometry", e.getMessage() + " (" + e.reason() + ")"));
            }
        } else if (positioned) {
            Positions.check(errors, "location.lat", content.latitude(), 90);
            Positions.check(errors, "location.lon", content.longitude(), 180);
        } else if (!addressed) {
            // A citizen who refused geolocation still reports, but the report must say where.
            errors.add(FieldError.translatable("location.address", "validation.address-without-position",
                    "is required when there is no position: give location.lat and location.lon, "
                            + "or an address, a landmark or the name of an area"));
        }
        Double accuracy = content.accuracyMeters();
        if (accuracy != null && !positioned && !shaped) {
            errors.add(FieldError.translatable("location.accuracy", "validation.accuracy-without-position",
                    "describes a position: give location.lat and location.lon with it, or leave it out"));
        } else if (accuracy != null && (accuracy.isNaN() || accuracy < 0 || accuracy > ACCURACY_MAX)) {
            errors.add(FieldError.translatable("location.accuracy", "validation.range-metres",
                    "must be between 0 and " + (long) ACCURACY_MAX + " metres", 0, (long) ACCURACY_MAX));
        }
        if (content.address() != null && length(content.address().strip()) > ADDRESS_MAX) {
            errors.add(FieldError.translatable("location.address", "validation.too-long",
                    "must be at most " + ADDRESS_MAX + " characters", ADDRESS_MAX));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return shape;
    }

    private static void checkReason(List<FieldError> errors, String reason, boolean statusChange) {
        if (reason == null || reason.isBlank()) {
            errors.add(statusChange
                    ? FieldError.translatable("reason", "validation.reason-required", "is required: say why the status changes")
                    : FieldError.translatable("reason", "validation.required", "is required"));
        } else if (reason.strip().length() > REASON_MAX) {
            errors.add(FieldError.translatable("reason", "validation.too-long", "must be at most " + REASON_MAX
                    + " characters", REASON_MAX));
        }
    }

    static FieldError unknownCategory(CategoryCatalog categories, String field, String code) {
        String known = String.join(", ", categories.codes());
        return FieldError.translatable(field, "validation.unknown-category",
                "'" + code + "' is not a known category; one of: " + known, code, known);
    }

    private static String allowed(ReportStatus from) {
        return from.allowedTargets().stream().map(ReportStatus::wireName).collect(Collectors.joining(", "));
    }

    /**
     * Counts UTF-16 units, the strictest of the databases' own measures, so a value that passes
     * always fits its column.
     */
    private static int length(String text) {
        return text.length();
    }
}
