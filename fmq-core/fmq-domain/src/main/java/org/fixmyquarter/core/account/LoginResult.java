package org.fixmyquarter.core.account;

import java.util.List;

/**
 * What a sign-in attempt gave. Unknown address, wrong password and an attempt made too soon
 * after failures ({@link LoginPolicy}) give the same {@link Refused}, so that the answer tells
 * neither which addresses have accounts nor which accounts are being guessed at. Only once the
 * password is right does an account with a second factor answer {@link SecondFactorRequired}.
 */
public sealed interface LoginResult {

    /**
     * Signed in.
     *
     * @param account      the account
     * @param roles        its roles
     * @param secondFactor whether the sign-in passed a second factor (a TOTP or a recovery code)
     */
    record Success(UserAccount account, List<RoleGrant> roles, boolean secondFactor) implements LoginResult {

        /**
         * A sign-in without a second factor.
         *
         * @param account the account
         * @param roles   its roles
         */
        public Success(UserAccount account, List<RoleGrant> roles) {
            this(account, roles, false);
        }
    }

    /**
     * The right password, but the account waits for the confirmation of its address on a
     * deployment that asks for it; the link was mailed again.
     */
    record Unverified() implements LoginResult {
    }

    /** Wrong address or password, or an attempt within its address's delay. */
    record Refused() implements LoginResult {
    }

    /**
     * The password is right, but the account has a second factor and the attempt gave no code,
     * or a wrong one (counted as a failed sign-in), or one used already.
     *
     * @param wrongCode whether a code was given and refused
     */
    record SecondFactorRequired(boolean wrongCode) implements LoginResult {
    }
}
