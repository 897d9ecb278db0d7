package org.fixmyquarter.core.error;

import java.time.Instant;

/**
 * A user has used up a quota, such as the reports they may file in a day; nothing was written.
 */
public class QuotaExceededException extends DomainException {

    private static final long serialVersionUID = 1L;

    private final String quota;
    private final Instant retryAt;

    /**
     * @param quota      the quota's name, for example {@code reports-per-day}
     * @param limit      how many are allowed
     * @param retryAt    when the next one will be allowed
     */
    public QuotaExceededException(String quota, int limit, Instant retryAt) {
        super("You have filed " + limit + " reports in the last 24 hours, the most allowed; try again later.",
                "problem.quota-exceeded.detail", limit);
        this.quota = quota;
        this.retryAt = retryAt;
    }

    /**
     * @param quota      the quota's name, for example {@code photos-per-day}
     * @param limit      how many are allowed
     * @param retryAt    when the next one will be allowed
     * @param message    what was refused, in English, naming the limit
     * @param messageKey the key of the translated detail, which takes the limit as its argument
     */
    public QuotaExceededException(String quota, int limit, Instant retryAt, String message, String messageKey) {
        super(message, messageKey, limit);
        this.quota = quota;
        this.retryAt = retryAt;
    }

    /** @return the quota's name */
    public String quota() {
        return quota;
    }

    /** @return when the next one will be allowed */
    public Instant retryAt() {
        return retryAt;
    }
}
