package org.fixmyquarter.api.persistence;

import jakarta.enterprise.context.RequestScoped;

/**
 * What one request does with the read replica: whether it must read from the primary (it carries
 * the cookie a write left, {@link #COOKIE}), and where its reads were served, answered in
 * {@link #HEADER}.
 */
@RequestScoped
public class ReadSession {

    /** The cookie a write leaves: until when (epoch millis) the writer's reads go to the primary. */
    public static final String COOKIE = "fmq_read_primary_until";

    /** The response header naming where the request's reads were served: {@code replica} or {@code primary}. */
    public static final String HEADER = "FMQ-Read-Source";

    static final String REPLICA = "replica";
    static final String PRIMARY = "primary";

    private boolean primaryRequired;
    private String servedBy;

    void requirePrimary() {
        primaryRequired = true;
    }

    boolean primaryRequired() {
        return primaryRequired;
    }

    void servedBy(String source) {
        // One read on the primary is enough to say the request did not rely on the replica alone.
        if (servedBy == null || PRIMARY.equals(source)) {
            servedBy = source;
        }
    }

    String servedBy() {
        return servedBy;
    }

    /**
     * @return whether this request read from the replica alone: its answer may be up to
     *         {@code fmq.db.replica.max-lag} behind (the cache of public reads keeps it no longer)
     */
    public boolean readFromReplicaOnly() {
        return REPLICA.equals(servedBy);
    }
}
