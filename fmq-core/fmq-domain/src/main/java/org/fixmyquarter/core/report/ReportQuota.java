package org.fixmyquarter.core.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.error.QuotaExceededException;
import org.fixmyquarter.core.internal.PersonLocks;

/**
 * How many reports a signed-in user may file in 24 hours. Visitors without an account are held
 * back by the rate limits instead.
 *
 * <p>Checked in the transaction that creates the report, with the user's account row locked, so
 * that parallel requests of one user are counted one after the other and cannot pass the quota
 * together.
 */
public final class ReportQuota {

    private static final Duration WINDOW = Duration.ofHours(24);

    private final int perDay;

    /**
     * @param perDay reports per user in any 24 hours; 0 for no quota
     */
    public ReportQuota(int perDay) {
        if (perDay < 0) {
            throw new IllegalArgumentException("A quota cannot be negative");
        }
        this.perDay = perDay;
    }

    /**
     * @param em     the entity manager of the creating transaction
     * @param author who is about to file a report
     * @param now    the current instant
     * @throws QuotaExceededException if the author filed {@code perDay} reports in the last 24 hours
     */
    public void check(EntityManager em, Actor author, Instant now) {
        Objects.requireNonNull(author, "author");
        if (perDay == 0 || Actor.ANONYMOUS.id().equals(author.id())) {
            return;
        }
        PersonLocks.lock(em, author.id());
        List<java.time.OffsetDateTime> recent = em.createQuery("SELECT r.createdAt FROM Report r WHERE r.authorId = "
                        + ":author AND r.createdAt > :since ORDER BY r.createdAt", java.time.OffsetDateTime.class)
                .setParameter("author", author.id())
                .setParameter("since", now.minus(WINDOW).atOffset(ZoneOffset.UTC))
                .setMaxResults(perDay)
                .getResultList();
        if (recent.size() >= perDay) {
            Instant retryAt = recent.get(0).toInstant().plus(WINDOW).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            throw new QuotaExceededException("reports-per-day", perDay, retryAt);
        }
    }
}
