package org.fixmyquarter.core.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.fixmyquarter.core.delivery.DispatchStoppedException;
import org.fixmyquarter.spi.PluginException;

/**
 * How the core calls a plugin (or a webhook, or a background job) from a background round: on an
 * executor, so that a call that hangs is abandoned at the time limit rather than holding the
 * round's thread and its database transaction.
 */
public final class PluginCalls {

    private PluginCalls() {
    }

    /**
     * @param executor runs the call
     * @param timeout  how long the caller waits for it
     * @param work     the call
     * @param <T>      what it answers
     * @return its answer
     * @throws PluginException          the call's own, or a retryable one for a timeout or an
     *                                  unexpected exception
     * @throws DispatchStoppedException if the server is stopping (the executor refuses work, or
     *                                  the waiting thread is interrupted): not the plugin's
     *                                  failure, so the caller rolls back rather than counts an
     *                                  attempt
     */
    public static <T> T limited(ExecutorService executor, Duration timeout, Callable<T> work) throws PluginException {
        Future<T> future;
        try {
            future = executor.submit(work);
        } catch (RejectedExecutionException e) {
            // The application server rejects new tasks once it has begun to stop (Open Liberty:
            // CWWKE1202E from the start of its quiesce). Nothing was sent.
            throw new DispatchStoppedException("the executor takes no more plugin calls", e);
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PluginException("no answer within " + timeout.toSeconds() + " s", true, e);
        } catch (InterruptedException e) {
            // Only a stop interrupts a round's thread.
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DispatchStoppedException("interrupted while waiting for the plugin", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PluginException) {
                throw (PluginException) cause;
            }
            throw new PluginException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), true, cause);
        }
    }
}
