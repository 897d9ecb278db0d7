package org.fixmyquarter.core.account;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether staff roles (moderator, operator, administrator) need a second factor: the setting
 * {@code fmq.auth.staff-second-factor}. The rule applies to the roles a session gives, at every
 * request, next to {@link RoleGrant#effectiveRoles}: with {@link #REQUIRED}, a session whose
 * sign-in passed no second factor gives the citizen role only, until its person enrols and signs
 * in again with a code. A session that began at the deployment's identity provider (single
 * sign-on) is the provider's business: the provider enforces its own multi-factor sign-in.
 */
public enum SecondFactorPolicy {

    /** Staff roles count in every session (the default). */
    OPTIONAL("optional"),
    /** Staff roles count only in sessions whose sign-in passed a second factor. */
    REQUIRED("required");

    private final String setting;

    SecondFactorPolicy(String setting) {
        this.setting = setting;
    }

    /** @return the value of the setting */
    public String setting() {
        return setting;
    }

    /**
     * @param value the setting as written, in any case
     * @return the policy it names, or empty if it names none
     */
    public static Optional<SecondFactorPolicy> fromSetting(String value) {
        String normalized = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (SecondFactorPolicy policy : values()) {
            if (policy.setting.equals(normalized)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /**
     * @param roles   the roles a session's person holds now (their grants and the provider's)
     * @param session the session
     * @return the roles that count in it: all of them, or only citizen while a second factor is
     *         required and the session's sign-in passed none
     */
    public Set<Role> effectiveRoles(Set<Role> roles, AccountSession session) {
        if (!withholds(roles, session)) {
            return roles;
        }
        return EnumSet.of(Role.CITIZEN);
    }

    /**
     * @param roles   the roles a session's person holds now
     * @param bodies  the bodies whose reports they operate ({@link RoleGrant#operatedBodies})
     * @param session the session
     * @return the bodies that count in it: none while a second factor is required and the
     *         session's sign-in passed none, since a body's operator is staff too
     */
    public Set<String> effectiveBodies(Set<Role> roles, Set<String> bodies, AccountSession session) {
        if (bodies.isEmpty()) {
            return bodies;
        }
        Set<Role> asOperator = EnumSet.of(Role.OPERATOR);
        asOperator.addAll(roles);
        return withholds(asOperator, session) ? Set.of() : bodies;
    }

    /**
     * @param roles   the roles a session's person holds now
     * @param session the session
     * @return whether this policy keeps staff roles from the session: the person must enrol (if
     *         they have not) and sign in again with a code
     */
    public boolean withholds(Set<Role> roles, AccountSession session) {
        return this == REQUIRED && roles.stream().anyMatch(role -> role != Role.CITIZEN) && !passed(session);
    }

    private static boolean passed(AccountSession session) {
        return session.isSecondFactor()
                || AccountSession.Method.IDENTITY_PROVIDER.wireName().equals(session.getMethod());
    }
}
