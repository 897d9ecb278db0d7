package org.fixmyquarter.api.delivery;

/**
 * Data the server keeps only for a while, removed in batches by the dispatcher's periodic purge
 * ({@link EventDispatchScheduler}), beside the finished outbox events: a CDI bean implementing
 * this is found and run there, each batch in a transaction of its own.
 */
public interface RetentionPurge {

    /** @return what is removed, for the log: {@code "Open311 contact details"} */
    String what();

    /** @return the most one {@link #purge()} removes */
    int batch();

    /**
     * Removes one batch of what is past its retention.
     *
     * @return how many were removed; the purge calls again while it equals {@link #batch()}
     */
    int purge();
}
