package org.fixmyquarter.api.cache;

import java.util.OptionalLong;

/**
 * The number that every write raises: a cached answer is served only under the number it was
 * stored with, so a raise makes every answer stored before it unreachable at once.
 */
interface Generation {

    /** @return the current number, or empty when it cannot be known now (the cache is then not used) */
    OptionalLong current();

    /** Raises the number, after a write has committed. */
    void raise();

    /** Lets go of what it holds. */
    default void close() {
    }
}
