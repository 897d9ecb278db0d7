package org.fixmyquarter.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        return await(future, System.nanoTime() + timeout.toNanos(), timeout);
    }

    /**
     * Makes several calls at once, each limited to the same time from now: a batch of webhook
     * calls to one receiver takes as long as its slowest call, not as their sum.
     *
     * @param executor runs the calls
     * @param timeout  how long the caller waits for them, all together
     * @param work     the calls
     * @param <T>      what they answer
     * @return each call's outcome, in the order of {@code work}
     * @throws DispatchStoppedException if the server is stopping (the executor refuses one of the
     *                                  calls, or the waiting thread is interrupted); the calls
     *                                  already started are cancelled, so the caller rolls back
     *                                  and every one of them is made again later
     */
    public static <T> List<Outcome<T>> limitedEach(ExecutorService executor, Duration timeout, List<Callable<T>> work) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<T>> futures = new ArrayList<>(work.size());
        try {
            for (Callable<T> call : work) {
                futures.add(executor.submit(call));
            }
        } catch (RejectedExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            throw new DispatchStoppedException("the executor takes no more plugin calls", e);
        }
        List<Outcome<T>> outcomes = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                outcomes.add(new Outcome<>(await(futures.get(i), deadline, timeout), null));
            } catch (PluginException e) {
                outcomes.add(new Outcome<>(null, e));
            } catch (DispatchStoppedException e) {
                futures.subList(i, futures.size()).forEach(f -> f.cancel(true));
                throw e;
            }
        }
        return outcomes;
    }

    /**
     * What one of several calls came to.
     *
     * @param value what it answered, if it answered
     * @param error why it failed, or {@code null} if it answered
     * @param <T>   what it answers
     */
    public record Outcome<T>(T value, PluginException error) {
    }

    private static <T> T await(Future<T> future, long deadline, Duration timeout) throws PluginException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
