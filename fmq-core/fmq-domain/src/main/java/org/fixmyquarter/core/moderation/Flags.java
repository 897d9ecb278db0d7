package org.fixmyquarter.core.moderation;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Cursors;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.report.Report;

/**
 * Flags and the moderators' queue: anyone signed in flags a report or a comment once (flagging
 * the same open target again gives back the first flag); moderators list the flagged targets,
 * oldest first, and dismiss flags that need no action. Every method runs in the caller's
 * transaction.
 */
public class Flags {

    /** Longest note of a flag, in characters. */
    public static final int NOTE_MAX = 500;
    /** Most targets on one page of the queue. */
    public static final int MAX_LIMIT = 100;
    /** Longest preview of the flagged content in the queue. */
    public static final int PREVIEW_MAX = 200;

    /** How a flag was resolved: the content was hidden. */
    public static final String RESOLVED_HIDDEN = "hidden";
    /** How a flag was resolved: a moderator saw no need to act. */
    public static final String RESOLVED_DISMISSED = "dismissed";
    /** How a flag was resolved: the report was merged into the one it duplicates. */
    public static final String RESOLVED_MERGED = "merged";

    private final EntityManager em;
    private final Clock clock;

    /**
     * The outcome of flagging.
     *
     * @param flag    the open flag of this person on this target
     * @param created whether this call created it; {@code false} when it was open already
     */
    public record Result(Flag flag, boolean created) {
    }

    /**
     * One flagged target in the queue.
     *
     * @param targetKind     {@link Flag#KIND_REPORT} or {@link Flag#KIND_COMMENT}
     * @param reportId       the report, or the report of the comment
     * @param commentId      the comment, or {@code null}
     * @param preview        the start of the report's title or the comment's text
     * @param count          how many flags
     * @param reasons        how many flags give each reason, most frequent first
     * @param firstFlaggedAt the oldest flag
     * @param lastFlaggedAt  the newest flag
     * @param hidden         whether the content is hidden now
     */
    public record Group(String targetKind, String reportId, String commentId, String preview, long count,
                        Map<String, Long> reasons, Instant firstFlaggedAt, Instant lastFlaggedAt, boolean hidden) {
    }

    /**
     * A page of the queue.
     *
     * @param items the targets, oldest first flag first
     * @param next  the cursor of the following page, or {@code null} on the last
     */
    public record Page(List<Group> items, String next) {
    }

    /**
     * @param em    the entity manager of the current transaction
     * @param clock the source of "now"
     */
    public Flags(EntityManager em, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Flags a report ({@code commentId == null}) or one of its comments.
     *
     * @param reportId    the report
     * @param commentId   one of its comments, or {@code null} to flag the report
     * @param reason      a {@link FlagReason} wire name
     * @param note        what the flagger adds, up to {@link #NOTE_MAX} characters, or {@code null}
     * @param duplicateOf for {@code duplicate}: the report this one repeats (required, another
     *                    existing report); ignored for other reasons
     * @param flagger     a signed-in user ({@link Permissions#checkFlag})
     * @param staff       whether the flagger sees hidden content
     * @return the flag, and whether it is new
     * @throws NotFoundException   if the target does not exist or the flagger cannot see it
     * @throws ValidationException naming every invalid field
     */
    public Result flag(String reportId, String commentId, String reason, String note, String duplicateOf,
                       Actor flagger, boolean staff) {
        Permissions.checkFlag(flagger);
        Moderation.visibleTarget(em, reportId, commentId, staff);
        List<FieldError> errors = new ArrayList<>();
        FlagReason why = null;
        if (reason == null || reason.isBlank()) {
            errors.add(FieldError.translatable("reason", "validation.required-one-of", "is required; one of: "
                    + FlagReason.wireNames(), FlagReason.wireNames()));
        } else {
            why = FlagReason.fromWireName(reason).orElse(null);
            if (why == null) {
                errors.add(FieldError.translatable("reason", "validation.unknown-flag-reason", "'" + reason
                        + "' is not a reason; one of: " + FlagReason.wireNames(), reason, FlagReason.wireNames()));
            }
        }
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && text.length() > NOTE_MAX) {
            errors.add(FieldError.translatable("note", "validation.too-long", "must be at most " + NOTE_MAX
                    + " characters", NOTE_MAX));
        }
        String original = null;
        if (why == FlagReason.DUPLICATE) {
            original = duplicateOf == null || duplicateOf.isBlank() ? null : duplicateOf.strip();
            if (commentId != null) {
                errors.add(FieldError.translatable("reason", "validation.duplicate-reports-only",
                        "duplicate applies to reports only; flag a comment as spam, abusive, personal_data or other"));
            } else if (original == null) {
                errors.add(FieldError.translatable("duplicateOf", "validation.duplicate-of-required",
                        "is required when the reason is duplicate: the id of the report this one repeats"));
            } else if (original.equals(reportId)) {
                errors.add(FieldError.translatable("duplicateOf", "validation.other-report",
                        "must be another report than the one flagged"));
            } else if (em.find(Report.class, original) == null
                    || !staff && em.find(Report.class, original).getHiding().isHidden()) {
                // A hidden report is "not a report" to those who may not see it, not a hint that it exists.
                errors.add(FieldError.translatable("duplicateOf", "validation.unknown-report",
                        "'" + original + "' is not a report", original));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        List<Flag> open = em.createQuery("SELECT f FROM Flag f WHERE f.openTarget = :target AND f.flaggedBy = :by",
                Flag.class).setParameter("target", target(reportId, commentId)).setParameter("by", flagger.id())
                .getResultList();
        if (!open.isEmpty()) {
            return new Result(open.get(0), false);
        }
        Flag flag = new Flag(Ids.newId(), reportId, commentId, why, text, original, flagger.id(), Clocks.now(clock));
        em.persist(flag);
        // A concurrent flag of the same person on the same target fails here, on the unique key.
        em.flush();
        return new Result(flag, true);
    }

    /**
     * Lists flagged targets, the one flagged first at the top.
     *
     * @param moderator who reads the queue: a moderator or administrator ({@link Permissions#checkModerate})
     * @param resolved {@code false} for the open flags, {@code true} for the resolved ones
     * @param limit    targets per page, 1 to {@link #MAX_LIMIT}
     * @param cursor   the {@code next} of the previous page, or {@code null}
     * @return one page
     * @throws org.fixmyquarter.core.error.ForbiddenException if the actor may not moderate
     * @throws ValidationException if the limit is out of range or the cursor not one we issued
     */
    public Page queue(Actor moderator, boolean resolved, int limit, String cursor) {
        Permissions.checkModerate(moderator);
        Cursors.checkLimit(limit, MAX_LIMIT);
        Cursors.Position after = cursor == null ? null : Cursors.decode(cursor);
        String state = resolved ? "f.resolvedAt IS NOT NULL" : "f.resolvedAt IS NULL";
        StringBuilder jpql = new StringBuilder("SELECT f.target, MIN(f.createdAt) AS firstAt, MAX(f.createdAt),"
                + " COUNT(f), MIN(f.reportId), MIN(f.commentId) FROM Flag f WHERE ").append(state)
                .append(" GROUP BY f.target");
        if (after != null) {
            jpql.append(" HAVING MIN(f.createdAt) > :afterTime OR (MIN(f.createdAt) = :afterTime AND f.target > :afterId)");
        }
        jpql.append(" ORDER BY firstAt, f.target");
        TypedQuery<Object[]> query = em.createQuery(jpql.toString(), Object[].class);
        if (after != null) {
            query.setParameter("afterTime", after.createdAt().atOffset(ZoneOffset.UTC));
            query.setParameter("afterId", after.id());
        }
        Cursors.Slice<Object[]> slice = Cursors.slice(query.setMaxResults(limit + 1).getResultList(), limit,
                row -> Cursors.encode(instant(row[1]), (String) row[0]));
        List<Group> items = new ArrayList<>();
        for (Object[] row : slice.items()) {
            String reportId = (String) row[4];
            String commentId = (String) row[5];
            Map<String, Long> reasons = new LinkedHashMap<>();
            em.createQuery("SELECT f.reason, COUNT(f) AS n FROM Flag f WHERE f.target = :target AND " + state
                    + " GROUP BY f.reason ORDER BY n DESC, f.reason", Object[].class)
                    .setParameter("target", row[0]).getResultList()
                    .forEach(r -> reasons.put((String) r[0], ((Number) r[1]).longValue()));
            String preview;
            boolean hidden;
            if (commentId == null) {
                Report report = em.find(Report.class, reportId);
                preview = report.getTitle();
                hidden = report.getHiding().isHidden();
            } else {
                Comment comment = em.find(Comment.class, commentId);
                preview = comment.getBody();
                hidden = comment.getHiding().isHidden();
            }
            items.add(new Group(commentId == null ? Flag.KIND_REPORT : Flag.KIND_COMMENT, reportId, commentId,
                    preview.length() > PREVIEW_MAX ? preview.substring(0, PREVIEW_MAX) + "…" : preview,
                    ((Number) row[3]).longValue(), reasons, instant(row[1]), instant(row[2]), hidden));
        }
        return new Page(items, slice.next());
    }

    /**
     * Resolves the open flags of a report or comment without acting on the content, with an audit
     * entry.
     *
     * @param reportId  the report
     * @param commentId one of its comments, or {@code null} for the report's own flags
     * @param reason    why no action is needed, 1 to {@link Moderation#REASON_MAX} characters
     * @param moderator who dismisses: a moderator or administrator ({@link Permissions#checkModerate})
     * @return how many flags were resolved
     * @throws NotFoundException   if there is no such report or comment
     * @throws ValidationException if the reason is missing or too long
     */
    public int dismiss(String reportId, String commentId, String reason, Actor moderator) {
        Permissions.checkModerate(moderator);
        String why = Moderation.checkedReason(reason);
        Moderation.visibleTarget(em, reportId, commentId, true);
        Instant now = Clocks.now(clock);
        int resolved = resolveOpen(em, reportId, commentId, RESOLVED_DISMISSED, moderator, now, null);
        new AuditLog(em).record(moderator, "flags.dismissed", commentId == null ? Flag.KIND_REPORT : Flag.KIND_COMMENT,
                commentId == null ? reportId : commentId,
                Outbox.JSON.createObjectBuilder().add("openFlags", resolved).build(),
                Outbox.JSON.createObjectBuilder().add("openFlags", 0).add("reason", why).build(), now);
        return resolved;
    }

    /**
     * Resolves the open flags of a target, for the core's moderation use cases.
     *
     * @param em         the entity manager of the current transaction
     * @param reportId   the report
     * @param commentId  one of its comments, or {@code null}
     * @param resolution {@link #RESOLVED_HIDDEN}, {@link #RESOLVED_DISMISSED} or {@link #RESOLVED_MERGED}
     * @param moderator  who acted
     * @param at         when
     * @param onlyReason resolve only the flags giving this reason, or {@code null} for all
     * @return how many flags were resolved
     */
    public static int resolveOpen(EntityManager em, String reportId, String commentId, String resolution,
                                  Actor moderator, Instant at, FlagReason onlyReason) {
        String jpql = "UPDATE Flag f SET f.openTarget = NULL, f.resolvedAt = :at, f.resolvedBy = :by,"
                + " f.resolution = :resolution WHERE f.openTarget = :target"
                + (onlyReason == null ? "" : " AND f.reason = :reason");
        var update = em.createQuery(jpql).setParameter("at", at.atOffset(ZoneOffset.UTC))
                .setParameter("by", moderator.id()).setParameter("resolution", resolution)
                .setParameter("target", target(reportId, commentId));
        if (onlyReason != null) {
            update.setParameter("reason", onlyReason.wireName());
        }
        return update.executeUpdate();
    }

    static String target(String reportId, String commentId) {
        return commentId == null ? "r:" + reportId : "c:" + commentId;
    }

    /** Aggregates of timestamp columns come back as the driver's type, which differs by database. */
    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime) {
            return ((OffsetDateTime) value).toInstant();
        }
        if (value instanceof java.util.Date) {
            // java.sql.Timestamp overrides toInstant with its full precision.
            return ((java.util.Date) value).toInstant();
        }
        if (value instanceof java.time.ZonedDateTime) {
            return ((java.time.ZonedDateTime) value).toInstant();
        }
        return (Instant) value;
    }
}
