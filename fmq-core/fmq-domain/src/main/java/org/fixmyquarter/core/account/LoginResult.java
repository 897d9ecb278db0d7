package org.fixmyquarter.core.account;

import java.time.Instant;
import java.util.List;

/**
 * What a sign-in attempt gave. Unknown address and wrong password give the same
 * {@link Refused}, so that the answer does not tell which addresses have accounts.
 */
public sealed interface LoginResult {

    /**
     * Signed in.
     *
     * @param account the account
     * @param roles   its roles
     */
    record Success(UserAccount account, List<RoleGrant> roles) implements LoginResult {
    }

    /** Wrong address or password. */
    record Refused() implements LoginResult {
    }

    /**
     * Too many failures: refused until the given instant, whatever the password.
     *
     * @param until when sign-in is possible again
     */
    record Locked(Instant until) implements LoginResult {
    }
}
