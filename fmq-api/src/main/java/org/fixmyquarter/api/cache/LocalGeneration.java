package org.fixmyquarter.api.cache;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/** This server's own number: right for one server, or for several that share no Redis (see the TTL). */
final class LocalGeneration implements Generation {

    private final AtomicLong number = new AtomicLong();

    @Override
    public OptionalLong current() {
        return OptionalLong.of(number.get());
    }

    @Override
    public void raise() {
        number.incrementAndGet();
    }
}
