package org.fixmyquarter.core.delivery;

import java.util.Optional;
import java.util.function.Consumer;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.spi.PluginException;

/**
 * Work the server does after a change has committed, such as making a photo's files: the
 * {@link EventDispatcher} hands it the outbox events it {@linkplain #accepts accepts} as it hands
 * events to plugins, with the same guarantees: at least once, with a time limit, retried with
 * growing pauses, given up after the last attempt (then {@link #gaveUp} records why).
 *
 * <p>A job runs in three steps so that slow work never runs inside a database transaction's
 * lock on what it changes: {@link #prepare} reads what the work needs, in the delivery's
 * transaction; the returned {@link Work} runs outside it, under the time limit; what it returns
 * is applied in the transaction again, which commits with the delivery.
 */
public interface BackgroundJob {

    /** @return a short name; the job's deliveries are named {@code job/<name>} */
    String name();

    /**
     * @param eventType an outbox event's type, for example {@code photo.uploaded}
     * @return whether this job wants events of that type
     */
    boolean accepts(String eventType);

    /**
     * Reads what the work needs.
     *
     * @param em          the entity manager of the delivery's transaction
     * @param eventType   the event's type
     * @param aggregateId what the event is about
     * @param data        the event's data
     * @return the work to do, or empty when nothing is left to do (what it was about is gone)
     */
    Optional<Work> prepare(EntityManager em, String eventType, String aggregateId, JsonObject data);

    /**
     * Records that the job gave up on an event: its last attempt failed, or it failed in a way a
     * retry cannot help.
     *
     * @param em          the entity manager of the delivery's transaction
     * @param eventType   the event's type
     * @param aggregateId what the event is about
     * @param error       the last error
     */
    void gaveUp(EntityManager em, String eventType, String aggregateId, String error);

    /**
     * The slow part of a job.
     */
    @FunctionalInterface
    interface Work {

        /**
         * Does the work, outside any transaction.
         *
         * @return what to write once it succeeded, applied in the delivery's transaction
         * @throws PluginException if it failed; say whether a retry may help
         */
        Consumer<EntityManager> run() throws PluginException;
    }
}
