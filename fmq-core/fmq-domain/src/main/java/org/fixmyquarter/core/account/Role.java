package org.fixmyquarter.core.account;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a user may do. An anonymous visitor has no role and reads public data only.
 */
public enum Role {
    /** Reports, votes, comments and follows; edits what they own. */
    CITIZEN,
    /** Hides and restores content, merges duplicates, reopens and closes reports. */
    MODERATOR,
    /** Triages and moves reports of their area or body through the workflow. */
    OPERATOR,
    /** Manages users, roles, categories, plugins and configuration. */
    ADMINISTRATOR;

    /**
     * @return the name in the API and in tokens: {@code citizen}, {@code moderator},
     *         {@code operator} or {@code administrator}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wireName a name as the API writes it
     * @return the role, if the name is one
     */
    public static Optional<Role> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(wireName)).findFirst();
    }

    /**
     * @return the wire names, comma-separated, for error messages
     */
    public static String wireNames() {
        return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
    }
}
