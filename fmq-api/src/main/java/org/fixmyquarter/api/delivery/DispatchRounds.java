package org.fixmyquarter.api.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.fixmyquarter.core.delivery.Delivery;
import org.fixmyquarter.core.delivery.DispatchStoppedException;

/**
 * The rounds of one server's event dispatcher, and how they stop.
 *
 * <p>A round hands a batch of waiting outbox events to the plugins, then makes up to a number of
 * due deliveries, each step in a transaction of its own; while it handed out events or made its
 * full number of deliveries (a queue is waiting), it goes on with another fan-out and another
 * batch rather than waiting for the next poll. Fanning out and delivering take turns, so the
 * first events of a burst are on their way while the rest of it is still being handed out. Several workers of one server run rounds side by side (a slow target holds only the
 * workers its bulkhead lets it have). Once {@link #stop} is called, or a step finds that the
 * server no longer runs plugin calls ({@link DispatchStoppedException}), no new step and no new
 * round starts; the deliveries in progress run to their end. Nothing needs releasing after that:
 * rows are claimed with {@code SKIP LOCKED} inside the step's transaction, which commits or rolls
 * back, so every row is free for any server the moment its step ends.
 */
final class DispatchRounds {

    /** The dispatcher's two steps, each in a transaction of its own. */
    interface Steps {

        /** @return how many new events were handed to plugins */
        int fanOut();

        /**
         * @return the deliveries attempted (several to one webhook at once, else one), or empty if
         *         none was due
         * @throws DispatchStoppedException if the plugin could not be called because the server is stopping
         */
        List<Delivery> deliverSome();
    }

    private static final Logger LOG = Logger.getLogger(EventDispatchScheduler.class.getName());

    private final Steps steps;
    private final int maxPerRound;
    /** Rounds hold it shared, so that {@link #stop} can take it whole once the rounds in progress ended. */
    private final ReentrantReadWriteLock running = new ReentrantReadWriteLock();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean stopping;

    // What the rounds that saw the stop finished and released, added up as each of them ends.
    private final AtomicInteger madeAtStop = new AtomicInteger();
    private final AtomicInteger releasedAtStop = new AtomicInteger();
    private volatile boolean stopSeenInRound;

    /**
     * @param steps       the transactions of the dispatcher
     * @param maxPerRound deliveries per batch, so that new events are handed out between batches
     */
    DispatchRounds(Steps steps, int maxPerRound) {
        this.steps = steps;
        this.maxPerRound = maxPerRound;
    }

    /**
     * Runs one round, unless the dispatcher is stopping. Safe to call from several threads at once.
     *
     * @param retryIn said in the warning when a round fails, e.g. the poll interval
     */
    void round(Duration retryIn) {
        if (stopping || !running.readLock().tryLock()) {
            return;
        }
        int made = 0;
        int released = 0;
        try {
            int batch;
            boolean handedOut;
            do {
                handedOut = !stopping && steps.fanOut() > 0;
                batch = 0;
                while (batch < maxPerRound && !stopping) {
                    List<Delivery> some = steps.deliverSome();
                    if (some.isEmpty()) {
                        break;
                    }
                    batch += some.size();
                    made += some.size();
                    for (Delivery d : some) {
                        if (!Delivery.DELIVERED.equals(d.getState()) && d.getLastError() != null) {
                            LOG.warning(() -> "Delivery of event " + d.getEventId() + " to " + d.getConsumer() + ": "
                                    + d.getState() + " after " + d.getAttempts() + " attempt(s): " + d.getLastError());
                        }
                    }
                }
            } while ((handedOut || batch >= maxPerRound) && !stopping);
        } catch (DispatchStoppedException e) {
            // The server began to stop before the application did (Liberty's quiesce): its step
            // rolled back, so that delivery is pending and unlocked again.
            stopping = true;
            released++;
        } catch (RuntimeException e) {
            // A database outage: the next round tries again; nothing is lost, the rows wait.
            LOG.log(Level.WARNING, "Event delivery round failed; retrying in " + retryIn, e);
        } finally {
            if (stopping) {
                stopSeenInRound = true;
                madeAtStop.addAndGet(made);
                releasedAtStop.addAndGet(released);
            }
            running.readLock().unlock();
        }
    }

    /** @return whether no new step or round starts any more */
    boolean stopping() {
        return stopping;
    }

    /**
     * Lets no new step or round start, waits for the round in progress, and logs one line saying
     * what it finished and released. Only the first call does anything.
     *
     * @param wait the longest wait for the round in progress
     * @return the line logged, or {@code null} if the dispatcher was already stopped
     */
    String stop(Duration wait) {
        if (!stopped.compareAndSet(false, true)) {
            return null;
        }
        boolean roundInProgress = running.getReadLockCount() > 0;
        stopping = true;
        boolean finished;
        try {
            finished = running.writeLock().tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (finished) {
            running.writeLock().unlock();
        }
        String line = summary(roundInProgress || stopSeenInRound, finished, wait);
        logAtStop(line);
        return line;
    }

    /**
     * At a SIGTERM the JVM's shutdown resets java.util.logging while Liberty is still stopping
     * (Liberty's log manager allows the reset), and what the application logs after that is lost;
     * standard output still reaches Liberty's logs then.
     */
    private static void logAtStop(String line) {
        if (Logger.getLogger("").getHandlers().length > 0) {
            LOG.info(line);
        } else {
            System.out.println(EventDispatchScheduler.class.getName() + ": " + line);
        }
    }

    private String summary(boolean hadRound, boolean finished, Duration wait) {
        if (!hadRound) {
            return "Event delivery stopped between rounds: no delivery was in progress, none released";
        }
        int madeCount = madeAtStop.get();
        String made = madeCount + (madeCount == 1 ? " delivery" : " deliveries");
        if (!finished) {
            return "Event delivery stopped: the last rounds finished " + made + " and released "
                    + releasedAtStop.get() + "; at least one more was still running after " + wait + " and is left"
                    + " to the end of the server, where its transaction commits or rolls back (then it stays"
                    + " pending for any server)";
        }
        return "Event delivery stopped: the last rounds finished " + made + " and released " + releasedAtStop.get()
                + " (left pending and unlocked for the next round of any server); no new round starts";
    }
}
