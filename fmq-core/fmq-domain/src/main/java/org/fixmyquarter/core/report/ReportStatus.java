package org.fixmyquarter.core.report;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a report stands in its workflow: {@code open -> in_progress -> resolved}, plus the two
 * ways a moderator closes a report that needs no work, and reopening.
 */
public enum ReportStatus {
    /** Reported and waiting for the responsible body. */
    OPEN("open"),
    /** Someone is working on it. */
    IN_PROGRESS("in_progress"),
    /** The problem is fixed. */
    RESOLVED("resolved"),
    /** Closed because another report describes the same problem. */
    DUPLICATE("duplicate"),
    /** Closed because it is not a problem the deployment handles, or is abusive. */
    REJECTED("rejected");

    private final String wireName;

    ReportStatus(String wireName) {
        this.wireName = wireName;
    }

    /**
     * @return the name used in the API and the database, for example {@code in_progress}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * The statuses a report in this status may move to.
     *
     * @return the allowed targets, never containing this status itself
     */
    public Set<ReportStatus> allowedTargets() {
        switch (this) {
            case OPEN:
                return EnumSet.of(IN_PROGRESS, RESOLVED, DUPLICATE, REJECTED);
            case IN_PROGRESS:
                return EnumSet.of(OPEN, RESOLVED, DUPLICATE, REJECTED);
            default:
                // A closed report can only be reopened; work then starts again from open.
                return EnumSet.of(OPEN);
        }
    }

    /**
     * @param target a status to move to
     * @return whether the workflow allows moving from this status to {@code target}
     */
    public boolean canMoveTo(ReportStatus target) {
        return allowedTargets().contains(target);
    }

    /**
     * @param wireName a name as sent by a client
     * @return the status with that wire name, if any
     */
    public static Optional<ReportStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }

    /**
     * @return every wire name, for error messages that list the choices
     */
    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(ReportStatus::wireName).toArray(String[]::new));
    }
}
