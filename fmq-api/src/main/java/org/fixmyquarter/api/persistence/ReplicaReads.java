package org.fixmyquarter.api.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PersistenceUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.metrics.ServerMetrics;

/**
 * Sends reads that tolerate a little lag to the PostgreSQL read replica ({@code fmq.db.replica.url},
 * {@code FMQ_DB_REPLICA_URL}) while it keeps up, and to the primary otherwise.
 *
 * <p><b>Keeping up</b> is measured against the primary, not by the replica's own clock: at most
 * every {@link #CHECK_EVERY}, a read asks the primary for its WAL position and the replica for the
 * position it has replayed. Once the replica has replayed a position the primary gave at some
 * time, everything committed before that time is on the replica. The replica serves reads only while such a check succeeded within
 * {@code fmq.db.replica.max-lag}; a replica that is down, not streaming, or further behind is left
 * alone until a check succeeds again, and readiness says so ({@link #trouble()}).
 *
 * <p><b>Read your writes</b>: a request that wrote gets a cookie ({@link ReadSession#COOKIE}) good
 * for {@code max-lag}; requests carrying it read from the primary. Once it expires, a replica
 * that serves reads has replayed everything committed {@code max-lag} ago or later, so that
 * write too. A cookie rather than the write's WAL position: it needs no query per write and no
 * state on any server, and whichever server the load balancer picks next honours it.
 */
@ApplicationScoped
public class ReplicaReads {

    /** How often at most a read checks the replica's position; reads meanwhile use the last result. */
    static final Duration CHECK_EVERY = Duration.ofMillis(500);

    private static final Logger LOG = Logger.getLogger(ReplicaReads.class.getName());

    /** The replica's URL; the server's configuration makes it the primary's when none is set. */
    @Inject
    @ConfigProperty(name = "fmq.db.replica.url")
    private Optional<String> url;

    @Inject
    @ConfigProperty(name = "fmq.db.url")
    private Optional<String> primaryUrl;

    @Inject
    @ConfigProperty(name = "fmq.db.replica.max-lag", defaultValue = "PT5S")
    private Duration maxLag;

    @PersistenceUnit(unitName = "fmq-replica")
    private EntityManagerFactory replica;

    @Resource(lookup = "jdbc/fmq")
    private DataSource primaryData;

    @Resource(lookup = "jdbc/fmqReplica")
    private DataSource replicaData;

    @Inject
    private ReadSession session;

    @Inject
    private ServerMetrics metrics;

    private final ReentrantLock checking = new ReentrantLock();
    /** The primary's positions of the recent checks, oldest first; touched only under {@link #checking}. */
    private final ArrayDeque<Position> positions = new ArrayDeque<>();
    /** Wall-clock millis: everything the primary committed before it is on the replica. */
    private volatile long caughtUpTo;
    private volatile long checkedAt = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private volatile Instant downSince;
    private volatile String problem;

    /** @return whether a replica is configured at all: a URL of its own, not the primary's */
    public boolean configured() {
        return url.filter(u -> !u.isBlank() && !u.equals(primaryUrl.orElse(null))).isPresent();
    }

    /** @return how far behind the replica may be and still serve reads; also how long a write's cookie lasts */
    public Duration maxLag() {
        return maxLag;
    }

    /**
     * Reads on the replica when it may serve this request, else on the primary. A replica that
     * fails the read (gone, or a query cancelled by its recovery) hands it to the primary.
     *
     * @param onReplica the read, given an entity manager of the replica (no transaction); may
     *                  answer {@code null} to have the primary asked instead (e.g. a report the
     *                  replica does not have yet)
     * @param onPrimary the same read on the primary, in its usual transaction
     * @param <T>       what is read
     * @return what was read
     */
    public <T> T read(Function<EntityManager, T> onReplica, Supplier<T> onPrimary) {
        if (configured() && !session.primaryRequired() && usable()) {
            EntityManager em = replica.createEntityManager();
            try {
                T result = onReplica.apply(em);
                if (result != null) {
                    session.servedBy(ReadSession.REPLICA);
                    metrics.read(ReadSession.REPLICA);
                    return result;
                }
            } catch (PersistenceException e) {
                LOG.log(Level.FINE, "A read failed on the replica; the primary answers it", e);
                // The next read checks the replica again before using it.
                checkedAt = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
                caughtUpTo = 0;
            } finally {
                em.close();
            }
        }
        T result = onPrimary.get();
        if (configured()) {
            session.servedBy(ReadSession.PRIMARY);
            metrics.read(ReadSession.PRIMARY);
        }
        return result;
    }

    /**
     * @return why the configured replica serves no reads now, or empty when it does or none is configured
     */
    public Optional<String> trouble() {
        if (!configured() || usable()) {
            return Optional.empty();
        }
        Instant since = downSince;
        if (since != null) {
            return Optional.of("down since " + since.truncatedTo(ChronoUnit.SECONDS) + ": " + problem
                    + "; reads go to the primary meanwhile");
        }
        long behind = caughtUpTo == 0 ? -1 : System.currentTimeMillis() - caughtUpTo;
        return Optional.of((behind < 0 ? "not known to have caught up with the primary"
                : "more than " + maxLag + " behind the primary (" + behind + " ms)")
                + (problem == null ? "" : ": " + problem) + "; reads go to the primary meanwhile");
    }

    private boolean usable() {
        if (System.nanoTime() - checkedAt >= CHECK_EVERY.toNanos() && checking.tryLock()) {
            try {
                if (System.nanoTime() - checkedAt >= CHECK_EVERY.toNanos()) {
                    check();
                }
            } finally {
                checking.unlock();
            }
        }
        return downSince == null && System.currentTimeMillis() - caughtUpTo <= maxLag.toMillis();
    }

    /**
     * Asks the primary for its WAL position and the replica for the position it has replayed. The
     * primary's positions of the last checks are kept with the time they were asked: the newest of
     * them that the replica has replayed says up to when it holds every commit. So a replica that
     * streams a few milliseconds behind a busy primary still counts as caught up to the check
     * before, rather than never.
     */
    private void check() {
        long asked = System.currentTimeMillis();
        checkedAt = System.nanoTime();
        try (Connection connection = primaryData.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT CAST(pg_current_wal_lsn() AS text)")) {
            result.next();
            positions.addLast(new Position(asked, lsn(result.getString(1))));
            while (positions.size() > 1 && positions.peekFirst().askedAt() < asked - maxLag.toMillis() - 1000) {
                positions.removeFirst();
            }
        } catch (SQLException e) {
            // Not the replica's fault, but without the primary's position its lag is unknown.
            problem = "the primary's WAL position cannot be read (a replica needs PostgreSQL): " + e.getMessage();
            return;
        }
        try (Connection connection = replicaData.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT pg_is_in_recovery(), CAST(pg_last_wal_replay_lsn() AS text)")) {
            result.next();
            if (!result.getBoolean(1)) {
                // Not a standby (a promoted replica, or the primary itself): it has every commit.
                caughtUpTo = asked;
                problem = null;
            } else {
                String replayed = result.getString(2);
                long position = replayed == null ? -1 : lsn(replayed);
                long upTo = positions.stream().filter(p -> p.lsn() <= position).mapToLong(Position::askedAt).max()
                        .orElse(0);
                if (upTo > caughtUpTo) {
                    caughtUpTo = upTo;
                }
                problem = upTo == asked ? null : "it has replayed the WAL up to " + replayed;
            }
            if (downSince != null) {
                LOG.info("The read replica answers again: reads that tolerate lag go to it once it has caught up");
                downSince = null;
            }
        } catch (SQLException e) {
            problem = e.getMessage();
            if (downSince == null) {
                downSince = Instant.now();
                LOG.warning("The read replica does not answer (" + e.getMessage() + "): every read goes to the "
                        + "primary until it does");
            }
        }
    }

    /** @return a WAL position such as {@code 16/B374D848} as one number, in WAL order */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        return Long.parseLong(text.substring(0, slash), 16) << 32 | Long.parseLong(text.substring(slash + 1), 16);
    }

    /** The primary's WAL position at a wall-clock time (epoch millis). */
    private record Position(long askedAt, long lsn) {
    }
}
