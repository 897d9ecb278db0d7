package org.fixmyquarter.core.moderation;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Events;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.photo.Photo;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.internal.ReportLocks;

/**
 * Hiding and unhiding reports and comments, and who sees hidden content.
 *
 * <p>Hidden content is gone for visitors and citizens, its author included (one rule, nothing to
 * leak through "my reports"); staff (moderators, operators, administrators) still see it, marked
 * with who hid it, when and why. Hiding resolves the target's open flags. Each change writes an
 * audit entry and an event ({@code report.hidden}, {@code report.unhidden}, {@code comment.hidden},
 * {@code comment.unhidden}) in the caller's transaction; hiding what is hidden, or unhiding what
 * is visible, changes nothing and records nothing.
 */
public class Moderation {

    /** Longest reason of a moderation action, in characters. */
    public static final int REASON_MAX = 500;

    private final EntityManager em;
    private final Clock clock;

    /** The kind of a photo in the audit log and in event types. */
    private static final String PHOTO = "photo";

    /**
     * @param em    the entity manager of the current transaction
     * @param clock the source of "now"
     */
    public Moderation(EntityManager em, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param em       the entity manager of the current transaction
     * @param reportId a report id
     * @param staff    whether the reader sees hidden content
     * @return the report
     * @throws NotFoundException if there is none, or it is hidden and the reader is not staff
     */
    public static Report visibleReport(EntityManager em, String reportId, boolean staff) {
        Report report = reportId == null ? null : em.find(Report.class, reportId);
        if (report == null || !staff && report.getHiding().isHidden()) {
            throw new NotFoundException("report", reportId);
        }
        return report;
    }

    /**
     * @param em        the entity manager of the current transaction
     * @param reportId  the report the comment must belong to
     * @param commentId a comment id
     * @param staff     whether the reader sees hidden content
     * @return the comment
     * @throws NotFoundException if the report or the comment is not there for this reader
     */
    public static Comment visibleComment(EntityManager em, String reportId, String commentId, boolean staff) {
        visibleReport(em, reportId, staff);
        Comment comment = commentId == null ? null : em.find(Comment.class, commentId);
        if (comment == null || !comment.getReportId().equals(reportId) || !staff && comment.getHiding().isHidden()) {
            throw new NotFoundException("comment", commentId);
        }
        return comment;
    }

    /**
     * @param em        the entity manager of the current transaction
     * @param reportId  a report
     * @param commentId one of its comments, or {@code null} for the report itself
     * @param staff     whether the reader sees hidden content
     * @throws NotFoundException if the target is not there for this reader
     */
    public static void visibleTarget(EntityManager em, String reportId, String commentId, boolean staff) {
        if (commentId == null) {
            visibleReport(em, reportId, staff);
        } else {
            visibleComment(em, reportId, commentId, staff);
        }
    }

    /**
     * @param reason a moderator's reason
     * @return it, stripped
     * @throws ValidationException naming {@code reason} if it is blank or longer than {@link #REASON_MAX}
     */
    public static String checkedReason(String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw ValidationException.of("reason", "validation.required", "is required");
        }
        if (why.length() > REASON_MAX) {
            throw ValidationException.of("reason", "validation.too-long", "must be at most " + REASON_MAX
                    + " characters", REASON_MAX);
        }
        return why;
    }

    /**
     * Hides a report (and so its comments) from the public, resolving its open flags.
     *
     * @param reportId  the report
     * @param reason    why, 1 to {@link #REASON_MAX} characters
     * @param moderator who: a moderator or administrator ({@link Permissions#checkModerate})
     * @return the report
     * @throws org.fixmyquarter.core.error.ForbiddenException if the actor may not moderate; nothing is written
     * @throws NotFoundException   if there is no such report
     * @throws ValidationException if the reason is missing or too long
     */
    public Report hideReport(String reportId, String reason, Actor moderator) {
        Permissions.checkModerate(moderator);
        String why = checkedReason(reason);
        Report report = ReportLocks.locked(em, reportId);
        change(report.getHiding(), true, why, moderator, Flag.KIND_REPORT, reportId, null, Events.summary(report));
        return report;
    }

    /**
     * Shows a hidden report again.
     *
     * @see #hideReport
     */
    public Report unhideReport(String reportId, String reason, Actor moderator) {
        Permissions.checkModerate(moderator);
        String why = checkedReason(reason);
        Report report = ReportLocks.locked(em, reportId);
        change(report.getHiding(), false, why, moderator, Flag.KIND_REPORT, reportId, null, Events.summary(report));
        return report;
    }

    /**
     * Hides a comment from the public, resolving its open flags.
     *
     * @param commentId the comment
     * @param reason    why, 1 to {@link #REASON_MAX} characters
     * @param moderator who: a moderator or administrator ({@link Permissions#checkModerate})
     * @return the comment
     * @throws org.fixmyquarter.core.error.ForbiddenException if the actor may not moderate; nothing is written
     * @throws NotFoundException   if there is no such comment
     * @throws ValidationException if the reason is missing or too long
     */
    public Comment hideComment(String commentId, String reason, Actor moderator) {
        return changeComment(commentId, true, reason, moderator);
    }

    /**
     * Shows a hidden comment again.
     *
     * @see #hideComment
     */
    public Comment unhideComment(String commentId, String reason, Actor moderator) {
        return changeComment(commentId, false, reason, moderator);
    }

    /**
     * Hides a photo from the public; staff still see it, marked hidden.
     *
     * @param photoId   the photo
     * @param reason    why, 1 to {@link #REASON_MAX} characters
     * @param moderator who: a moderator or administrator ({@link Permissions#checkModerate})
     * @return the photo
     * @throws org.fixmyquarter.core.error.ForbiddenException if the actor may not moderate; nothing is written
     * @throws NotFoundException   if there is no such photo
     * @throws ValidationException if the reason is missing or too long
     */
    public Photo hidePhoto(String photoId, String reason, Actor moderator) {
        return changePhoto(photoId, true, reason, moderator);
    }

    /**
     * Shows a hidden photo again.
     *
     * @see #hidePhoto
     */
    public Photo unhidePhoto(String photoId, String reason, Actor moderator) {
        return changePhoto(photoId, false, reason, moderator);
    }

    private Photo changePhoto(String photoId, boolean hide, String reason, Actor moderator) {
        Permissions.checkModerate(moderator);
        String why = checkedReason(reason);
        Photo photo = photoId == null ? null : em.find(Photo.class, photoId, LockModeType.PESSIMISTIC_WRITE);
        if (photo == null) {
            throw new NotFoundException("photo", photoId);
        }
        Report report = em.find(Report.class, photo.getReportId());
        if (photo.getHiding().isHidden() != hide) {
            // The report's answer lists its photos: its version (the ETag) must move.
            report = ReportLocks.touched(em, photo.getReportId());
        }
        change(photo.getHiding(), hide, why, moderator, PHOTO, photo.getReportId(), photo.getId(),
                Events.summary(report).add("photoId", photo.getId()));
        return photo;
    }

    private Comment changeComment(String commentId, boolean hide, String reason, Actor moderator) {
        Permissions.checkModerate(moderator);
        String why = checkedReason(reason);
        Comment comment = commentId == null ? null : em.find(Comment.class, commentId, LockModeType.PESSIMISTIC_WRITE);
        if (comment == null) {
            throw new NotFoundException("comment", commentId);
        }
        change(comment.getHiding(), hide, why, moderator, Flag.KIND_COMMENT, comment.getReportId(), commentId,
                // The report's summary, as in every event plugins may be handed, and which comment.
                Events.summary(em.find(Report.class, comment.getReportId())).add("commentId", commentId));
        return comment;
    }

    private void change(Hiding hiding, boolean hide, String why, Actor moderator, String kind, String reportId,
                        String commentId, JsonObjectBuilder event) {
        if (hiding.isHidden() == hide) {
            return;
        }
        Instant now = Clocks.now(clock);
        JsonObject before = state(hiding);
        if (hide) {
            hiding.hide(moderator.displayName(), why, now);
            if (!PHOTO.equals(kind)) {
                // Photos are not flagged on their own: a flag names the report or comment.
                Flags.resolveOpen(em, reportId, commentId, Flags.RESOLVED_HIDDEN, moderator, now, null);
            }
        } else {
            hiding.unhide();
        }
        String action = kind + (hide ? ".hidden" : ".unhidden");
        new AuditLog(em).record(moderator, action, kind, commentId == null ? reportId : commentId, before,
                Outbox.JSON.createObjectBuilder(state(hiding)).add("reason", why).build(), now);
        Outbox.record(em, action, reportId, event.add("reason", why).add("actor", moderator.displayName())
                .add("actorId", moderator.id()).build(), now);
        // Flush so the version is written before the caller renders it.
        em.flush();
    }

    private static JsonObject state(Hiding hiding) {
        return Outbox.JSON.createObjectBuilder().add("hidden", hiding.isHidden()).build();
    }
}
