package org.fixmyquarter.core.report;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.internal.ReportLocks;

/**
 * Votes: a signed-in user supports a report once, and may take the support back. The report's
 * row is locked while its votes change, so the count stays exact however many people vote at the
 * same moment, and a user's two simultaneous votes count once. Each change records an event.
 */
public class ReportVotes {

    /**
     * The state after a vote or its removal.
     *
     * @param voted   whether the user now supports the report
     * @param changed whether this call changed anything (false for a repeated vote)
     * @param votes   the report's vote count
     */
    public record Result(boolean voted, boolean changed, int votes) {
    }

    private final EntityManager em;
    private final Clock clock;

    /**
     * The event of a report whose support reaches one of {@link #THRESHOLDS}: a city's tools often
     * act on "50 neighbours support this" rather than on each vote. A count that falls back under
     * a threshold and reaches it again sends it again.
     */
    public static final String THRESHOLD_REACHED = "report.vote_threshold_reached";

    /** The counts of votes that send {@link #THRESHOLD_REACHED}. */
    public static final List<Integer> THRESHOLDS = List.of(10, 25, 50, 100, 250, 500, 1000);

    /**
     * @param em    the entity manager of the current transaction
     * @param clock the source of "now"
     */
    public ReportVotes(EntityManager em, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param reportId the report
     * @param voter    a signed-in user with an account ({@link Permissions#checkVote})
     * @return the state; a repeated vote changes nothing
     * @throws org.fixmyquarter.core.error.ForbiddenException if the voter is anonymous or has no
     *                                                        account; nothing is written
     * @throws NotFoundException if there is no such report
     * @throws org.fixmyquarter.core.error.ConflictException if it was merged into another
     */
    public Result vote(String reportId, Actor voter) {
        Permissions.checkVote(em, voter);
        Report report = locked(reportId);
        ReportLocks.requireNotMerged(report);
        if (em.find(Vote.class, new Vote.Key(reportId, voter.id())) != null) {
            return new Result(true, false, report.getVoteCount());
        }
        Instant now = now();
        em.persist(new Vote(reportId, voter.id(), now));
        report.votesChanged(1);
        Outbox.record(em, "report.vote_added", reportId, Outbox.JSON.createObjectBuilder()
                .add("reportId", reportId).add("voter", voter.id()).add("votes", report.getVoteCount()).build(), now);
        if (THRESHOLDS.contains(report.getVoteCount())) {
            Outbox.record(em, THRESHOLD_REACHED, reportId, Outbox.JSON.createObjectBuilder()
                    .add("reportId", reportId).add("threshold", report.getVoteCount())
                    .add("votes", report.getVoteCount()).build(), now);
        }
        return new Result(true, true, report.getVoteCount());
    }

    /**
     * @param reportId the report
     * @param voter    a signed-in user with an account ({@link Permissions#checkVote})
     * @return the state; removing a vote that was not there changes nothing
     * @throws org.fixmyquarter.core.error.ForbiddenException if the voter is anonymous or has no account
     * @throws NotFoundException if there is no such report
     */
    public Result unvote(String reportId, Actor voter) {
        Permissions.checkVote(em, voter);
        Report report = locked(reportId);
        Vote vote = em.find(Vote.class, new Vote.Key(reportId, voter.id()));
        if (vote == null) {
            return new Result(false, false, report.getVoteCount());
        }
        em.remove(vote);
        report.votesChanged(-1);
        Instant now = now();
        Outbox.record(em, "report.vote_removed", reportId, Outbox.JSON.createObjectBuilder()
                .add("reportId", reportId).add("voter", voter.id()).add("votes", report.getVoteCount()).build(), now);
        return new Result(false, true, report.getVoteCount());
    }

    /**
     * Whether the user supports the report now, for a page that shows its vote button pressed.
     *
     * @param reportId the report
     * @param voter    a signed-in user with an account ({@link Permissions#checkVote})
     * @return the state, with {@code changed} false
     * @throws org.fixmyquarter.core.error.ForbiddenException if the voter is anonymous or has no account
     * @throws NotFoundException if there is no such report
     */
    public Result state(String reportId, Actor voter) {
        Permissions.checkVote(em, voter);
        Report report = em.find(Report.class, reportId);
        if (report == null) {
            throw new NotFoundException("report", reportId);
        }
        boolean voted = em.find(Vote.class, new Vote.Key(reportId, voter.id())) != null;
        return new Result(voted, false, report.getVoteCount());
    }

    private Report locked(String reportId) {
        return ReportLocks.locked(em, reportId);
    }

    private Instant now() {
        return Clocks.now(clock);
    }
}
