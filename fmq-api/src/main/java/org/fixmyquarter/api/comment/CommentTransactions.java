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

    /** @see CommentService#add(String, String, Actor, boolean) */
    Comment add(String reportId, String text, Actor author, boolean official) {
        return service().add(reportId, text, author, official);
    }

    /** @see CommentService#list */
    List<Comment> list(String reportId) {
        return service().list(reportId);
    }

    /** @see CommentService#edit */
    Comment edit(String reportId, String commentId, String text, Actor editor) {
        return service().edit(reportId, commentId, text, editor);
    }

    /** @see CommentService#delete */
    void delete(String reportId, String commentId, Actor editor) {
        service().delete(reportId, commentId, editor);
    }

    private CommentService service() {
        return new CommentService(em, clock, editWindow);
    }
}
