package org.fixmyquarter.api.comment;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.comment.CommentService;
import org.fixmyquarter.core.moderation.Moderation;

/**
 * The transaction boundary around the comment use cases.
 */
@ApplicationScoped
@Transactional
public class CommentTransactions {

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    @ConfigProperty(name = "fmq.comments.edit-window", defaultValue = "PT15M")
    private Duration editWindow;

    /**
     * @param staff whether the author sees hidden reports
     * @see CommentService#add(String, String, Actor, boolean)
     */
    Comment add(String reportId, String text, Actor author, boolean official, boolean staff) {
        Moderation.visibleReport(em, reportId, staff);
        return service().add(reportId, text, author, official);
    }

    /** @see CommentService#list */
    List<Comment> list(String reportId, boolean staff) {
        return service().list(reportId, staff);
    }

    /**
     * @param staff whether the editor sees hidden content
     * @see CommentService#edit
     */
    Comment edit(String reportId, String commentId, String text, Actor editor, boolean staff) {
        Moderation.visibleComment(em, reportId, commentId, staff);
        return service().edit(reportId, commentId, text, editor);
    }

    /**
     * @param staff whether the editor sees hidden content
     * @see CommentService#delete
     */
    void delete(String reportId, String commentId, Actor editor, boolean staff) {
        Moderation.visibleComment(em, reportId, commentId, staff);
        service().delete(reportId, commentId, editor);
    }

    private CommentService service() {
        return new CommentService(em, clock, editWindow);
    }
}
