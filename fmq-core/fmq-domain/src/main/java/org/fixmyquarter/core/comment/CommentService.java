package org.fixmyquarter.core.comment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.json.JsonArrayBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.ForbiddenException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.follow.FollowService;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Events;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Mentions;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.internal.ReportLocks;
import org.fixmyquarter.spi.event.ReportCommented;

/**
 * Comments on reports: plain text up to {@link #BODY_MAX} characters; an author edits or deletes
 * their own comment within {@link #editWindow} of writing it, and every earlier wording is kept.
 * Each change records an event.
 */
public class CommentService {

    /** Longest comment, in characters. */
    public static final int BODY_MAX = 2000;

    private final EntityManager em;
    private final Clock clock;
    private final Duration editWindow;

    /**
     * @param em         the entity manager of the current transaction
     * @param clock      the source of "now"
     * @param editWindow how long after writing an author may still edit or delete
     */
    public CommentService(EntityManager em, Clock clock, Duration editWindow) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.editWindow = Objects.requireNonNull(editWindow, "editWindow");
    }

    /**
     * Adds a comment. The people it mentions by {@code @handle} (up to {@link Mentions#MAX}, the
     * author excepted) are named in its event, so that they are notified.
     *
     * @param reportId the report
     * @param text     the comment
     * @param author   a signed-in user
     * @param official whether it is an official reply of the responsible body: operators and
     *                 administrators, and the operators of the report's body
     *                 ({@link Permissions#checkComment(Actor, boolean, String)})
     * @return the comment
     * @throws ForbiddenException  if the author is not signed in, or not allowed an official reply;
     *                             nothing is written
     * @throws NotFoundException   if there is no such report
     * @throws ValidationException if the text is blank or too long
     */
    public Comment add(String reportId, String text, Actor author, boolean official) {
        Permissions.checkComment(author, official);
        // Locked: the commenter starts following it, which must not race a merge copying followers.
        Report report = ReportLocks.locked(em, reportId);
        if (official) {
            Permissions.checkComment(author, true, report.getBodyId());
        }
        ReportLocks.requireNotMerged(report);
        String body = checked(text);
        Instant now = now();
        Comment comment = new Comment(Ids.newId(), reportId, author.id(), author.displayName(), body, official, now);
        em.persist(comment);
        // Whoever takes part in the discussion hears how it goes on, as on most forums; they can unfollow.
        FollowService.startFollowing(em, reportId, author.id(), now);
        JsonArrayBuilder mentioned = Outbox.JSON.createArrayBuilder();
        Set<String> handles = Mentions.in(body);
        if (!handles.isEmpty()) {
            em.createQuery("SELECT u.id FROM UserAccount u WHERE u.handle IN :handles", String.class)
                    .setParameter("handles", handles).getResultStream()
                    .filter(id -> !id.equals(author.id())).forEach(mentioned::add);
        }
        Outbox.record(em, ReportCommented.TYPE, reportId, Events.summary(report)
                .add("commentId", comment.getId()).add("commentAuthor", author.displayName()).add("text", body)
                .add("official", official).add("mentions", mentioned).add("actorId", author.id()).build(), now);
        return comment;
    }

    /**
     * Adds a comment that is not an official reply.
     *
     * @param reportId the report
     * @param text     the comment
     * @param author   a signed-in user
     * @return the comment
     * @see #add(String, String, Actor, boolean)
     */
    public Comment add(String reportId, String text, Actor author) {
        return add(reportId, text, author, false);
    }

    /**
     * @param reportId the report
     * @param staff    whether the reader sees what moderators hid
     * @return its comments, oldest first, deleted ones included without their text; hidden ones
     *         only for staff
     * @throws NotFoundException if there is no such report, or it is hidden and the reader is not staff
     */
    public List<Comment> list(String reportId, boolean staff) {
        Moderation.visibleReport(em, reportId, staff);
        return em.createQuery("SELECT c FROM Comment c WHERE c.reportId = :report"
                + (staff ? "" : " AND c.hiding.hiddenAt IS NULL") + " ORDER BY c.createdAt, c.id",
                Comment.class).setParameter("report", reportId).getResultList();
    }

    /**
     * @param reportId  the report the comment must belong to
     * @param commentId the comment
     * @param text      its new text
     * @param editor    the signed-in user; only the author may edit
     * @return the comment
     * @throws NotFoundException  if there is no such comment on that report
     * @throws ForbiddenException if the editor is not the author
     * @throws ConflictException  {@code edit-window-closed} or {@code comment-deleted}
     */
    public Comment edit(String reportId, String commentId, String text, Actor editor) {
        Comment comment = own(reportId, commentId, editor);
        String body = checked(text);
        Instant now = now();
        em.persist(new CommentEdit(Ids.newId(), comment.getId(), comment.getBody(), now));
        comment.edit(body, now);
        Outbox.record(em, "comment.edited", reportId, Outbox.JSON.createObjectBuilder().add("reportId", reportId)
                .add("commentId", commentId).add("body", body).build(), now);
        return comment;
    }

    /**
     * @param reportId  the report the comment must belong to
     * @param commentId the comment
     * @param editor    the signed-in user; only the author may delete
     * @throws NotFoundException  if there is no such comment on that report
     * @throws ForbiddenException if the editor is not the author
     * @throws ConflictException  {@code edit-window-closed} or {@code comment-deleted}
     */
    public void delete(String reportId, String commentId, Actor editor) {
        Comment comment = own(reportId, commentId, editor);
        Instant now = now();
        em.persist(new CommentEdit(Ids.newId(), comment.getId(), comment.getBody(), now));
        comment.delete(now);
        Outbox.record(em, "comment.deleted", reportId, Outbox.JSON.createObjectBuilder().add("reportId", reportId)
                .add("commentId", commentId).build(), now);
    }

    private Comment own(String reportId, String commentId, Actor editor) {
        Permissions.requireActor(editor);
        Comment comment = commentId == null ? null : em.find(Comment.class, commentId, LockModeType.PESSIMISTIC_WRITE);
        if (comment == null || !comment.getReportId().equals(reportId)) {
            throw new NotFoundException("comment", commentId);
        }
        Permissions.checkChangeComment(editor, comment.getAuthorId());
        if (comment.isDeleted()) {
            throw new ConflictException("comment-deleted", "The comment was deleted.", "problem.comment-deleted.detail");
        }
        if (now().isAfter(comment.getCreatedAt().plus(editWindow))) {
            throw new ConflictException("edit-window-closed", "A comment can be changed for "
                    + editWindow.toMinutes() + " minutes after it was written.", "problem.edit-window-closed.detail",
                    editWindow.toMinutes());
        }
        return comment;
    }

    private static String checked(String text) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw ValidationException.of("text", "validation.required", "is required");
        }
        if (body.length() > BODY_MAX) {
            throw ValidationException.of("text", "validation.too-long", "must be at most " + BODY_MAX + " characters",
                    BODY_MAX);
        }
        return body;
    }

    private Instant now() {
        return Clocks.now(clock);
    }
}
