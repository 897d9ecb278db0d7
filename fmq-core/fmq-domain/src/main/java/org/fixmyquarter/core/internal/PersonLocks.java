package org.fixmyquarter.core.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.account.UserAccount;

/**
 * Serializes one person's writes that check a per-person limit (reports a day, followed areas,
 * failed sign-ins): count-then-insert in two parallel transactions would let both pass the count.
 *
 * <p>The lock is the person's account row ({@code SELECT ... FOR UPDATE} on PostgreSQL and H2),
 * held until the transaction ends, so the count and the insert must run in that same
 * transaction, after this call. Other people's writes never wait.
 */
public final class PersonLocks {

    private PersonLocks() {
    }

    /**
     * @param em     the entity manager of the current transaction
     * @param userId the person whose limit is about to be checked
     * @return their account, locked; {@code null} if there is none (no limit to protect then)
     */
    public static UserAccount lock(EntityManager em, String userId) {
        return userId == null ? null : em.find(UserAccount.class, userId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * For an account the transaction has read already: re-read, so that the counts it carries
     * (failed sign-ins) are the ones the previous holder of the lock committed.
     *
     * @param em      the entity manager of the current transaction
     * @param account the person's account, managed by {@code em}
     */
    public static void lock(EntityManager em, UserAccount account) {
        em.refresh(account, LockModeType.PESSIMISTIC_WRITE);
    }
}
