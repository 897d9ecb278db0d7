package org.fixmyquarter.api.ratelimit;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shared buckets (Redis) while they answer, this server's own buckets while they do not: a
 * request is never refused or held because the shared store is down, only counted by this server
 * alone. After a failure the shared store is tried again by one request every
 * {@code retryMillis}, the others meanwhile going straight to the local buckets, so an outage
 * costs the requests no waiting.
 */
public final class FallbackRateLimiter implements RateLimiter {

    private static final Logger LOG = Logger.getLogger(FallbackRateLimiter.class.getName());

    /**
     * The shared store is down.
     *
     * @param since  the first failure of this outage
     * @param reason why, from the last failure
     */
    public record Outage(Instant since, String reason) {
    }

    /** An outage, and when the shared store may be tried next. */
    private record State(Outage outage, long retryAt) {
    }

    private final RateLimiter shared;
    private final RateLimiter local;
    private final String name;
    private final LongSupplier millis;
    private final long retryMillis;
    private final AtomicReference<State> state = new AtomicReference<>();

    /**
     * @param shared      the buckets all servers share
     * @param local       this server's buckets, used while the shared ones fail
     * @param name        how the log names the shared store, for example {@code Redis at redis://...}
     * @param millis      the clock, in milliseconds
     * @param retryMillis how long after a failure the shared store is tried again
     */
    public FallbackRateLimiter(RateLimiter shared, RateLimiter local, String name, LongSupplier millis,
            long retryMillis) {
        this.shared = shared;
        this.local = local;
        this.name = name;
        this.millis = millis;
        this.retryMillis = retryMillis;
    }

    @Override
    public Decision take(String key, RateLimit limit) {
        if (!mayTryShared()) {
            return local.take(key, limit);
        }
        try {
            Decision decision = shared.take(key, limit);
            recovered();
            return decision;
        } catch (RuntimeException e) {
            failed(e);
            return local.take(key, limit);
        }
    }

    /**
     * Tries the shared store now (a {@code PING}) unless an outage says to wait, and records the
     * result: readiness asks this, so that an outage is noticed and its end seen without traffic.
     */
    @Override
    public void ping() {
        if (!mayTryShared()) {
            return;
        }
        try {
            shared.ping();
            recovered();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** @return the outage of the shared store, or empty while it answers */
    public Optional<Outage> outage() {
        State current = state.get();
        return current == null ? Optional.empty() : Optional.of(current.outage());
    }

    @Override
    public void close() {
        shared.close();
        local.close();
    }

    /**
     * Whether this call may use the shared store: always while it works; during an outage, one
     * call once the pause is over (it moves the next try on, so that the others do not pile up on
     * a store that may hold each of them for a timeout).
     */
    private boolean mayTryShared() {
        while (true) {
            State current = state.get();
            if (current == null) {
                return true;
            }
            long now = millis.getAsLong();
            if (now < current.retryAt()) {
                return false;
            }
            if (state.compareAndSet(current, new State(current.outage(), now + retryMillis))) {
                return true;
            }
        }
    }

    private void recovered() {
        State ended = state.getAndSet(null);
        if (ended != null) {
            LOG.info(() -> name + " answers again; rate limits are shared again (down since "
                    + ended.outage().since() + ")");
        }
    }

    private void failed(RuntimeException e) {
        String reason = describe(e);
        long now = millis.getAsLong();
        State before = state.getAndUpdate(current -> new State(new Outage(
                current == null ? Instant.ofEpochMilli(now) : current.outage().since(), reason), now + retryMillis));
        if (before == null) {
            LOG.log(Level.WARNING, name + " cannot be reached (" + reason + "); rate limits are counted in this "
                    + "server's memory until it answers again, tried every " + retryMillis + " ms");
        }
    }

    /** The message and its root cause, which says why ("Connection refused"). */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e || root.getMessage() == null || message.contains(root.getMessage()) ? message
                : message + ": " + root.getMessage();
    }
}
