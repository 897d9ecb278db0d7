package org.fixmyquarter.core.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;

/**
 * Sign-in sessions, kept in the database so that a token can be ended before it expires: every
 * request checks its session ({@link #check}), which also gives the roles the person holds now,
 * so a role taken away is gone on the next request. Runs in the caller's transaction.
 */
public class Sessions {

    /** Why a session ended: its person signed out of it. */
    public static final String SIGNED_OUT = "signed-out";
    /** Why a session ended: its person signed out of every session. */
    public static final String SIGNED_OUT_EVERYWHERE = "signed-out-everywhere";
    /** Why a session ended: its person's password changed in another session. */
    public static final String PASSWORD_CHANGED = "password-changed";
    /** Why a session ended: its person set a new password with a reset link. */
    public static final String PASSWORD_RESET = "password-reset";
    /** Why a session ended: an administrator removed its person's second factor (a lost device). */
    public static final String SECOND_FACTOR_REMOVED = "second-factor-removed";

    /**
     * An open session and what its person may do now.
     *
     * @param session the session
     * @param account its person's account
     * @param roles   the account's deployment-wide roles and the roles the identity provider
     *                conferred for the session
     * @param bodies  the responsible bodies whose reports the person operates ({@link RoleGrant#operatedBodies})
     */
    public record Active(AccountSession session, UserAccount account, Set<Role> roles, Set<String> bodies) {

        /**
         * A session whose person operates no body.
         *
         * @param session the session
         * @param account its person's account
         * @param roles   the roles it gives
         */
        public Active(AccountSession session, UserAccount account, Set<Role> roles) {
            this(session, account, roles, Set.of());
        }
    }

    private final EntityManager em;
    private final SessionPolicy policy;
    private final Clock clock;
    private final AuditLog audit;

    /**
     * @param em     the entity manager of the current transaction
     * @param policy how long sessions last
     * @param clock  the source of "now"
     */
    public Sessions(EntityManager em, SessionPolicy policy, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(em);
    }

    /**
     * Opens a session after a successful sign-in, and writes the sign-in to the audit log.
     *
     * @param account       who signed in
     * @param method        how
     * @param providerRoles roles the identity provider conferred for this session only (empty for a password)
     * @return the session
     */
    public AccountSession start(UserAccount account, AccountSession.Method method, Collection<Role> providerRoles) {
        return start(account, method, providerRoles, false);
    }

    /**
     * Opens a session after a successful sign-in, and writes the sign-in to the audit log.
     *
     * @param account       who signed in
     * @param method        how
     * @param providerRoles roles the identity provider conferred for this session only (empty for a password)
     * @param secondFactor  whether the sign-in passed a second factor
     * @return the session
     */
    public AccountSession start(UserAccount account, AccountSession.Method method, Collection<Role> providerRoles,
                                boolean secondFactor) {
        Instant now = Clocks.now(clock);
        AccountSession session = new AccountSession(Ids.newId(), account.getId(), now, method, providerRoles,
                secondFactor);
        em.persist(session);
        JsonObject after = Outbox.JSON.createObjectBuilder()
                .add("session", session.getId())
                .add("method", method.wireName())
                .add("providerRoles", String.join(",", providerRoles.stream().map(Role::wireName).sorted().toList()))
                .add("secondFactor", secondFactor)
                .build();
        audit.record(new Actor(account.getId(), account.getDisplayName()), "user.signed_in", "user", account.getId(),
                null, after, now);
        return session;
    }

    /**
     * @param sessionId the token's {@code sid}
     * @param userId    the token's subject
     * @return the session with the roles its person holds now, if it is open, belongs to that
     *         person, and is younger than its lifetime (which depends on those roles)
     */
    public Optional<Active> check(String sessionId, String userId) {
        AccountSession session = sessionId == null ? null : em.find(AccountSession.class, sessionId);
        if (session == null || session.getEndedAt() != null || !session.getUserId().equals(userId)) {
            return Optional.empty();
        }
        UserAccount account = em.find(UserAccount.class, userId);
        if (account == null) {
            return Optional.empty();
        }
        List<RoleGrant> grants = grants(userId);
        Set<Role> roles = RoleGrant.effectiveRoles(grants);
        roles.addAll(session.getProviderRoles());
        Set<String> bodies = RoleGrant.operatedBodies(grants);
        // A body's operator is staff: their session lasts as an operator's does.
        Set<Role> lifetimeRoles = EnumSet.noneOf(Role.class);
        lifetimeRoles.addAll(roles);
        if (!bodies.isEmpty()) {
            lifetimeRoles.add(Role.OPERATOR);
        }
        Instant now = Clocks.now(clock);
        if (!now.isBefore(session.getCreatedAt().plus(policy.lifetime(lifetimeRoles)))) {
            return Optional.empty();
        }
        return Optional.of(new Active(session, account, roles, bodies));
    }

    /**
     * Ends one session, as its person signs out of it.
     *
     * @param sessionId the session
     * @param by        its person
     */
    public void end(String sessionId, Actor by) {
        AccountSession session = em.find(AccountSession.class, sessionId);
        if (session != null && session.getEndedAt() == null) {
            Instant now = Clocks.now(clock);
            session.end(now, SIGNED_OUT);
            audit.record(by, "user.signed_out", "user", session.getUserId(), null, ended(List.of(session.getId()),
                    SIGNED_OUT), now);
        }
    }

    /**
     * Ends every open session of a person but one.
     *
     * @param userId the person
     * @param keep   the session to leave open, or {@code null} for none
     * @param reason {@link #SIGNED_OUT_EVERYWHERE}, {@link #PASSWORD_CHANGED}, {@link #PASSWORD_RESET} or
     *               {@link #SECOND_FACTOR_REMOVED}
     * @param by     who ends them, for the audit log
     * @return how many sessions ended
     */
    public int endAll(String userId, String keep, String reason, Actor by) {
        Instant now = Clocks.now(clock);
        List<AccountSession> open = em.createQuery("SELECT s FROM AccountSession s WHERE s.userId = :user"
                        + " AND s.endedAt IS NULL", AccountSession.class)
                .setParameter("user", userId)
                .getResultList();
        List<AccountSession> ending = open.stream().filter(s -> !s.getId().equals(keep)).toList();
        ending.forEach(s -> s.end(now, reason));
        List<String> ended = ending.stream().map(AccountSession::getId).toList();
        audit.record(by, SIGNED_OUT_EVERYWHERE.equals(reason) ? "user.signed_out_everywhere" : "user.sessions_ended",
                "user", userId, null, ended(ended, reason), now);
        return ended.size();
    }

    /** @return a person's grants, which give their roles ({@link RoleGrant#effectiveRoles}) and bodies */
    private List<RoleGrant> grants(String userId) {
        return em.createQuery("SELECT g FROM RoleGrant g WHERE g.userId = :user", RoleGrant.class)
                .setParameter("user", userId)
                .getResultList();
    }

    private static JsonObject ended(List<String> sessions, String reason) {
        return Outbox.JSON.createObjectBuilder()
                .add("sessions", sessions.size())
                .add("reason", reason)
                .build();
    }
}
