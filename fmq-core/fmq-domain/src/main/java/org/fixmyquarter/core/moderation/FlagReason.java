package org.fixmyquarter.core.moderation;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Why someone flags content.
 */
public enum FlagReason {
    /** Advertising or junk. */
    SPAM("spam"),
    /** Insults, threats, hate. */
    ABUSIVE("abusive"),
    /** Someone's name, phone number, face or plate that should not be public. */
    PERSONAL_DATA("personal_data"),
    /** Another report describes the same problem (reports only; names that report). */
    DUPLICATE("duplicate"),
    /** Anything else; say what in the note. */
    OTHER("other");

    private final String wireName;

    FlagReason(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name used in the API and the database */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wireName a name as sent by a client
     * @return the reason with that name, if any
     */
    public static Optional<FlagReason> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(wireName)).findFirst();
    }

    /** @return every wire name, for error messages that list the choices */
    public static String wireNames() {
        return Arrays.stream(values()).map(FlagReason::wireName).collect(Collectors.joining(", "));
    }
}
