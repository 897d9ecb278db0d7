package org.fixmyquarter.core;

import java.util.Objects;

/**
 * Who performs an action: recorded in status history and, later, checked against roles.
 *
 * @param id          stable identifier of the user, or {@code "anonymous"}
 * @param displayName the name shown next to the action
 */
public record Actor(String id, String displayName) {

    /** A visitor who has not signed in. */
    public static final Actor ANONYMOUS = new Actor("anonymous", "Anonymous");

    /**
     * Checks that both parts are present.
     *
     * @throws NullPointerException if either is {@code null}
     */
    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
    }
}
