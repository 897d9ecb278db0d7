package org.fixmyquarter.core.account;

import java.time.Instant;
import java.util.List;

/**
 * What a sign-in attempt gave. Unknown address, wrong password and an attempt made too soon
 * after failures ({@link LoginPolicy}) give the same {@link Refused}, so that the answer tells
 * neither which addresses have accounts nor which accounts are being guessed at.
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

    /**
     * The right password, but the account waits for the confirmation of its address on a
     * deployment that asks for it; the link was mailed again.
     */
    record Unverified() implements LoginResult {
    }

    /** Wrong address or password. */
    record Refused() implements LoginResult {
    }
}
