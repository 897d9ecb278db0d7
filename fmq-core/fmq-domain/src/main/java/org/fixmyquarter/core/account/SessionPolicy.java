package org.fixmyquarter.core.account;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How long a sign-in session lasts at most, from the sign-in, however often its token is
 * refreshed. Staff sessions are shorter: a stolen staff token is worth more.
 *
 * @param citizenLifetime the longest session of an account with no role but {@code citizen}
 * @param staffLifetime   the longest session of a moderator, operator or administrator
 */
public record SessionPolicy(Duration citizenLifetime, Duration staffLifetime) {

    /** Thirty days for citizens, twelve hours for staff. */
    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofDays(30), Duration.ofHours(12));

    /** Checks the values. */
    public SessionPolicy {
        Objects.requireNonNull(citizenLifetime, "citizenLifetime");
        Objects.requireNonNull(staffLifetime, "staffLifetime");
        if (citizenLifetime.isNegative() || citizenLifetime.isZero() || staffLifetime.isNegative()
                || staffLifetime.isZero()) {
            throw new IllegalArgumentException("Session lifetimes must be positive: " + citizenLifetime + ", "
                    + staffLifetime);
        }
    }

    /**
     * @param roles the roles the session's person holds now
     * @return how long their session lasts: the staff lifetime as soon as they hold a staff role
     */
    public Duration lifetime(Set<Role> roles) {
        return roles.stream().anyMatch(role -> role != Role.CITIZEN) ? staffLifetime : citizenLifetime;
    }
}
