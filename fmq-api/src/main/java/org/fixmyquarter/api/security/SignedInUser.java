package org.fixmyquarter.api.security;

import java.security.Principal;
import java.util.Set;

/**
 * The person a valid token of this server names: what every request learns from its
 * {@code Authorization} header.
 *
 * @param accountId   the account id (the token's subject)
 * @param displayName the name the token carries, shown as the author of what they write
 * @param roles       the roles' wire names ({@code citizen}, {@code operator}...) the person holds
 *                    now: read from the database at each request, not taken from the token
 * @param sessionId   the sign-in session the token belongs to (its {@code sid})
 * @param bodies      the responsible bodies whose reports the person operates now (an operator
 *                    role granted for one body), read from the database like the roles
 */
public record SignedInUser(String accountId, String displayName, Set<String> roles, String sessionId,
                           Set<String> bodies) implements Principal {

    /** Copies the roles and bodies, so the principal cannot change after the token was checked. */
    public SignedInUser {
        roles = Set.copyOf(roles);
        bodies = Set.copyOf(bodies);
    }

    /**
     * A person who operates no body's reports.
     *
     * @param accountId   the account id
     * @param displayName the name shown
     * @param roles       the roles' wire names
     * @param sessionId   the sign-in session
     */
    public SignedInUser(String accountId, String displayName, Set<String> roles, String sessionId) {
        this(accountId, displayName, roles, sessionId, Set.of());
    }

    /** @return the account id, as every resource identifies the caller */
    @Override
    public String getName() {
        return accountId;
    }
}
