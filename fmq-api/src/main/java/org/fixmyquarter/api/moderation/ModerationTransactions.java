package org.fixmyquarter.api.moderation;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.comment.Comment;
import org.fixmyquarter.core.moderation.Flags;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportService;

/**
 * The transaction boundary around flags, the queue, hiding and merging.
 */
@ApplicationScoped
@Transactional
public class ModerationTransactions {

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private CategoryCatalog categories;

    @Inject
    private Clock clock;

    /** @see Flags#flag */
    public Flags.Result flag(String reportId, String commentId, String reason, String note, String duplicateOf,
                             Actor flagger, boolean staff) {
        return flags().flag(reportId, commentId, reason, note, duplicateOf, flagger, staff);
    }

    /** @see Flags#queue */
    Flags.Page queue(Actor moderator, boolean resolved, int limit, String cursor) {
        return flags().queue(moderator, resolved, limit, cursor);
    }

    /** @see Flags#dismiss */
    int dismiss(String reportId, String commentId, String reason, Actor moderator) {
        return flags().dismiss(reportId, commentId, reason, moderator);
    }

    /**
     * @param reportId  the report
     * @param hide      {@code true} to hide, {@code false} to show again
     * @param reason    why
     * @param moderator who
     * @return the report
     * @see Moderation#hideReport
     */
    Report hideReport(String reportId, boolean hide, String reason, Actor moderator) {
        Moderation moderation = new Moderation(em, clock);
        return hide ? moderation.hideReport(reportId, reason, moderator)
                : moderation.unhideReport(reportId, reason, moderator);
    }

    /**
     * @param commentId the comment
     * @param hide      {@code true} to hide, {@code false} to show again
     * @param reason    why
     * @param moderator who
     * @return the comment
     * @see Moderation#hideComment
     */
    Comment hideComment(String commentId, boolean hide, String reason, Actor moderator) {
        Moderation moderation = new Moderation(em, clock);
        return hide ? moderation.hideComment(commentId, reason, moderator)
                : moderation.unhideComment(commentId, reason, moderator);
    }

    /** @see ReportService#merge */
    Report merge(String id, String into, String reason, Actor moderator) {
        return new ReportService(em, categories, clock).merge(id, into, reason, moderator);
    }

    private Flags flags() {
        return new Flags(em, clock);
    }
}
