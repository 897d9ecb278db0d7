package org.fixmyquarter.api.persistence;

import java.sql.SQLException;

/**
 * Tells a write that lost a race with a concurrent one (the same new key inserted twice, a lock
 * conflict) from a failure of the database, which must not be disguised as a conflict.
 */
public final class WriteConflicts {

    private WriteConflicts() {
    }

    /**
     * @param failure what a write or its commit threw
     * @return whether a concurrent write of the same row caused it
     */
    public static boolean lostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                String state = ((SQLException) cause).getSQLState();
                // 23: integrity constraint (duplicate key); 40: serialization failure or deadlock;
                // HYT00: H2's lock timeout while the other insert is uncommitted.
                if (state != null && (state.startsWith("23") || state.startsWith("40") || state.equals("HYT00"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
