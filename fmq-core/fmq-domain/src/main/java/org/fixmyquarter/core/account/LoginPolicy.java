package org.fixmyquarter.core.account;

import java.time.Duration;
import java.util.Objects;

/**
 * When repeated failed sign-ins lock an account.
 *
 * @param maxFailures  failures in a row that lock the account, at least 1
 * @param lockDuration how long it stays locked
 */
public record LoginPolicy(int maxFailures, Duration lockDuration) {

    /** Five failures lock the account for fifteen minutes. */
    public static final LoginPolicy DEFAULT = new LoginPolicy(5, Duration.ofMinutes(15));

    /**
     * Checks the values.
     */
    public LoginPolicy {
        Objects.requireNonNull(lockDuration, "lockDuration");
        if (maxFailures < 1 || lockDuration.isNegative() || lockDuration.isZero()) {
            throw new IllegalArgumentException("Invalid login policy: " + maxFailures + " failures, " + lockDuration);
        }
    }
}
