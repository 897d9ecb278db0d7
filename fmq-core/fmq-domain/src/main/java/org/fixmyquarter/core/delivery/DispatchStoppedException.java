package org.fixmyquarter.core.delivery;

/**
 * The dispatcher could not call a plugin because it is being stopped: the executor that runs
 * plugin calls took no more work, or the dispatching thread was interrupted while it waited.
 *
 * <p>This is never the delivery's fault, so no attempt is counted and no error is recorded. The
 * caller should roll back its transaction: the delivery row then stays exactly as it was,
 * {@code pending} and unlocked, for the next round of any server. A plugin that was interrupted
 * half-way may have done its work already; it gets the event again with the same id, as
 * at-least-once delivery allows.
 */
public class DispatchStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what stopped the dispatcher
     * @param cause   the executor's rejection or the interruption
     */
    public DispatchStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
