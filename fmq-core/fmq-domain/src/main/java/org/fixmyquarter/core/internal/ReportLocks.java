package org.fixmyquarter.core.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.report.Report;

/**
 * How the core's use cases that change a report (its status, votes, comments, follows,
 * moderation) take it: locked for the transaction, and refused once merged into another.
 */
public final class ReportLocks {

    private ReportLocks() {
    }

    /**
     * Reads a report with its row locked until the transaction ends.
     *
     * @param em the entity manager of the current transaction
     * @param id a report id
     * @return the report
     * @throws NotFoundException if there is none with that id
     */
    public static Report locked(EntityManager em, String id) {
        Report report = id == null ? null : em.find(Report.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (report == null) {
            throw new NotFoundException("report", id);
        }
        return report;
    }

    /**
     * Moves a report's version (its ETag) when something it lists changed (its photos), reading
     * the row locked: a copy read earlier without a lock may be older than a commit that just
     * ended, and an optimistic increment of it would fail the whole transaction.
     *
     * @param em the entity manager of the current transaction
     * @param id a report id
     * @return the report, or null if there is none with that id
     */
    public static Report touched(EntityManager em, String id) {
        Report report = id == null ? null : em.find(Report.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (report != null) {
            em.lock(report, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
            // Written now: EclipseLink forgets an increment asked for after the transaction's
            // first flush, and some callers have flushed already.
            em.flush();
        }
        return report;
    }

    /**
     * Refuses to change a duplicate that was merged: its votes, followers and discussion belong to
     * the original now.
     *
     * @param report a report, read in the current transaction
     * @throws ConflictException naming the original, if the report was merged
     */
    public static void requireNotMerged(Report report) {
        if (report.getMergedInto() != null) {
            throw new ConflictException("report-merged", "This report was merged into '" + report.getMergedInto()
                    + "'; support, follow or discuss that one.", "problem.report-merged.detail",
                    report.getMergedInto());
        }
    }
}
