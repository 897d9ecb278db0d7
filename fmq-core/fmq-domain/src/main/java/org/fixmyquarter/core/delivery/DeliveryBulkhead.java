package org.fixmyquarter.core.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * How many deliveries to one target (a webhook, a plugin, a background job) may be in progress at
 * once in this server, so that a target that is slow or hangs can only take its share of the
 * dispatcher's workers and the others keep being served.
 *
 * <p>It is a count per target in this JVM, not in the database: its purpose is to protect this
 * server's threads, and a server that dies holds no permit. The dispatcher asks for the targets
 * that are {@linkplain #full() full} before it claims a delivery, so it does not even lock their
 * rows; a target that fills up between the claim and {@link #tryEnter} is simply passed over.
 * Thread-safe.
 */
public final class DeliveryBulkhead {

    private final ToIntFunction<String> limits;
    private final Map<String, Integer> inProgress = new HashMap<>();

    /**
     * @param limits the most deliveries in progress at once for a target ({@code webhook/<id>},
     *               {@code notification-channel/<id>}, {@code job/<name>}...), at least 1
     */
    public DeliveryBulkhead(ToIntFunction<String> limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * The same limit for every target.
     *
     * @param perTarget the most deliveries in progress at once for one target, at least 1
     * @return the bulkhead
     */
    public static DeliveryBulkhead of(int perTarget) {
        if (perTarget < 1) {
            throw new IllegalArgumentException("at least one delivery per target must be allowed, not " + perTarget);
        }
        return new DeliveryBulkhead(target -> perTarget);
    }

    /**
     * Takes a place for a delivery to the target, if one is free.
     *
     * @param target the delivery's target
     * @return the place, to close when the delivery's call is over; {@code null} if the target is full
     */
    public synchronized Permit tryEnter(String target) {
        int used = inProgress.getOrDefault(target, 0);
        if (used >= Math.max(1, limits.applyAsInt(target))) {
            return null;
        }
        inProgress.put(target, used + 1);
        return new Permit(target);
    }

    /** @return the targets that have no free place now */
    public synchronized Set<String> full() {
        Set<String> full = new TreeSet<>();
        inProgress.forEach((target, used) -> {
            if (used >= Math.max(1, limits.applyAsInt(target))) {
                full.add(target);
            }
        });
        return full;
    }

    /** @return how many deliveries to the target are in progress now */
    public synchronized int inProgress(String target) {
        return inProgress.getOrDefault(target, 0);
    }

    private synchronized void leave(String target) {
        inProgress.computeIfPresent(target, (t, used) -> used <= 1 ? null : used - 1);
    }

    /** A place taken for one delivery; closing it twice frees it once. */
    public final class Permit implements AutoCloseable {

        private final String target;
        private boolean closed;

        private Permit(String target) {
            this.target = target;
        }

        /** Frees the place. */
        @Override
        public void close() {
            synchronized (DeliveryBulkhead.this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            leave(target);
        }
    }
}
