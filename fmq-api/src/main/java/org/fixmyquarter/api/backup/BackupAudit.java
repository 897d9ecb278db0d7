package org.fixmyquarter.api.backup;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.audit.AuditLog;

/**
 * Writes the audit entry of a backup download. A backup changes nothing, so it has no
 * transaction of its own to share: the entry commits on its own, after the database was copied
 * and before a byte of the copy is sent, so that no copy of the keys and the data leaves the
 * server unrecorded.
 */
@ApplicationScoped
@Transactional
public class BackupAudit {

    /** The audit action of a backup download. */
    public static final String ACTION = "data.backup_downloaded";

    /** The audit target type; the target id is the zip's file name. */
    public static final String TARGET_TYPE = "backup";

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    /**
     * @param by    the administrator
     * @param file  the file name the zip is sent as
     * @param after what it holds: versions, database, number of files
     * @param at    when the database was copied
     */
    public void downloaded(Actor by, String file, JsonObject after, Instant at) {
        new AuditLog(em).record(by, ACTION, TARGET_TYPE, file, null, after, at);
    }
}
