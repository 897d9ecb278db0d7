package org.fixmyquarter.core.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.account.UserAccount;

/**
 * The private contact details an Open311 app sends with a report (GeoReport's {@code email},
 * {@code first_name}, {@code last_name}, {@code phone}, {@code device_id}, {@code account_id}):
 * kept apart from the report, which stays anonymous in public, shown to operators and
 * administrators ({@link Permissions#seesReportContact}), and removed once the report has been
 * closed for the retention, like the outbox's {@link org.fixmyquarter.core.delivery.OutboxRetention}.
 */
public final class ReportContacts {

    /** The retention when none is configured: 90 days after the report is closed. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    /** The statuses in which a report is closed, from when the retention counts. */
    private static final List<String> CLOSED = Stream.of(ReportStatus.RESOLVED, ReportStatus.DUPLICATE,
            ReportStatus.REJECTED).map(ReportStatus::wireName).toList();

    /**
     * The details as an app sent them; each may be {@code null}.
     *
     * @param email      an e-mail address
     * @param firstName  a first name
     * @param lastName   a last name
     * @param phone      a telephone number
     * @param deviceId   the app's id of the device
     * @param appAccount the app's {@code account_id}
     */
    public record Details(String email, String firstName, String lastName, String phone, String deviceId,
                          String appAccount) {

        /** @return whether no detail is given */
        public boolean isEmpty() {
            return Stream.of(email, firstName, lastName, phone, deviceId, appAccount).allMatch(Objects::isNull);
        }
    }

    private ReportContacts() {
    }

    /**
     * Keeps the details of a new report, in the caller's transaction; nothing when none is given.
     * An {@code account_id} that is the id of an account of this server links the details to it.
     *
     * @param em       the entity manager of the current transaction
     * @param reportId the report, just created
     * @param details  what the app sent
     * @param now      the current time
     */
    public static void record(EntityManager em, String reportId, Details details, Instant now) {
        if (details.isEmpty()) {
            return;
        }
        String account = details.appAccount();
        String linked = account != null && account.length() <= 32 && em.find(UserAccount.class, account) != null
                ? account : null;
        em.persist(new ReportContact(reportId, details, linked, now));
    }

    /**
     * @param em       the entity manager
     * @param reportId a report
     * @param reader   who reads
     * @return the report's contact details, when it has some and the reader may see them
     */
    public static Optional<ReportContact> of(EntityManager em, String reportId, Actor reader) {
        if (!Permissions.seesReportContact(reader)) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(ReportContact.class, reportId));
    }

    /**
     * Removes the contact details of reports closed for longer than the retention, up to
     * {@code limit} at once, in the caller's transaction. A report counts as closed since the
     * last step of its history (a reopened and closed again report starts again), so details are
     * never removed while a report is open.
     *
     * @param em        the entity manager of the current transaction
     * @param now       the current time
     * @param retention how long after closing the details are kept
     * @param limit     the most removed at once, so that one transaction stays short
     * @return how many were removed; call again while it equals {@code limit}
     */
    public static int purge(EntityManager em, Instant now, Duration retention, int limit) {
        Objects.requireNonNull(retention, "retention");
        List<String> ids = em.createQuery("SELECT c.reportId FROM ReportContact c, Report r WHERE r.id = c.reportId"
                        + " AND r.status IN :closed AND NOT EXISTS (SELECT s.id FROM StatusChange s"
                        + " WHERE s.reportId = r.id AND s.changedAt > :before) ORDER BY c.createdAt", String.class)
                .setParameter("closed", CLOSED)
                .setParameter("before", now.minus(retention).atOffset(ZoneOffset.UTC))
                .setMaxResults(limit)
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createQuery("DELETE FROM ReportContact c WHERE c.reportId IN :ids").setParameter("ids", ids)
                .executeUpdate();
    }
}
