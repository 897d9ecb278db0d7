package org.fixmyquarter.embedded;

import java.time.Clock;
import java.time.Duration;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.LoginPolicy;
import org.fixmyquarter.core.account.Passwords;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.comment.CommentService;
import org.fixmyquarter.core.follow.FollowService;
import org.fixmyquarter.core.moderation.Flags;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.notification.Inbox;
import org.fixmyquarter.core.photo.PhotoService;
import org.fixmyquarter.core.photo.PhotoSettings;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportVotes;
import org.fixmyquarter.core.report.TextSearch;

/**
 * The core's use cases inside one transaction of {@link FixMyQuarter#inTransaction}: everything
 * done through them commits together when the work returns, or rolls back together when it
 * throws. Valid only during that work; do not keep it.
 */
public final class CoreServices {

    private final EntityManager em;
    private final CategoryCatalog categories;
    private final TextSearch textSearch;
    private final Passwords passwords;
    private final Duration commentEditWindow;
    private final PhotoSettings photoSettings;
    private final Clock clock;

    CoreServices(EntityManager em, CategoryCatalog categories, TextSearch textSearch, Passwords passwords,
                 Duration commentEditWindow, PhotoSettings photoSettings, Clock clock) {
        this.em = em;
        this.categories = categories;
        this.textSearch = textSearch;
        this.passwords = passwords;
        this.commentEditWindow = commentEditWindow;
        this.photoSettings = photoSettings;
        this.clock = clock;
    }

    /** @return reports: create, read, list, search, nearby, status changes, assignment, merges */
    public ReportService reports() {
        return new ReportService(em, categories, clock, textSearch);
    }

    /**
     * @return photos of reports and comments: check an upload with the imaging module's
     *         {@code PhotoInspector}, put it into the media store under
     *         {@link PhotoService#uploadKey}, then {@link PhotoService#add}; the dispatcher makes its
     *         files
     */
    public PhotoService photos() {
        return new PhotoService(em, photoSettings, clock);
    }

    /** @return votes on reports */
    public ReportVotes votes() {
        return new ReportVotes(em, clock);
    }

    /** @return comments and official replies, with mentions */
    public CommentService comments() {
        return new CommentService(em, clock, commentEditWindow);
    }

    /** @return following reports and areas */
    public FollowService follows() {
        return new FollowService(em, clock);
    }

    /** @return people's in-app notifications */
    public Inbox inbox() {
        return new Inbox(em, clock);
    }

    /** @return hiding and merging by moderators */
    public Moderation moderation() {
        return new Moderation(em, clock);
    }

    /** @return flags raised on reports and comments */
    public Flags flags() {
        return new Flags(em, clock);
    }

    /** @return accounts, sign-in and roles */
    public AccountService accounts() {
        return new AccountService(em, passwords, LoginPolicy.DEFAULT, clock);
    }

    /** @return the audit log */
    public AuditLog audit() {
        return new AuditLog(em);
    }

    /** @return the transaction's entity manager, for what the services above do not offer */
    public EntityManager entityManager() {
        return em;
    }
}
