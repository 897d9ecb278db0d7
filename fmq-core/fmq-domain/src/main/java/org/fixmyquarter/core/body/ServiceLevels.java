package org.fixmyquarter.core.body;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.internal.Clocks;

/**
 * A body's public service levels, read from the reports' status history: how long its reports
 * waited to be acknowledged and to be resolved (median and 90th percentile over the last 30 and
 * 90 days), and how old its open reports are, overall and per category.
 *
 * <p>The definitions, which docs/areas.md ("Service levels") gives in full:
 * <ul>
 * <li>the reports counted are those the body holds now ({@code fmq_report.body_id}), hidden
 *     reports left out;</li>
 * <li><b>time to acknowledge</b>: from creation to the report's first step away from
 *     {@code open} (to {@code in_progress}, {@code resolved}, {@code duplicate} or
 *     {@code rejected}), counted in the window in which that first step happened;</li>
 * <li><b>time to resolve</b>: from creation to the report's last move to {@code resolved} in
 *     the window; a report resolved, reopened and resolved again counts once, with its last
 *     resolution;</li>
 * <li><b>percentiles</b> by nearest rank (the smallest duration that at least p% of them do not
 *     exceed), so every figure is a time a report really waited;</li>
 * <li><b>backlog</b>: reports {@code open} or {@code in_progress} now, by age since creation.</li>
 * </ul>
 * Every query is bounded by the 90 days of one body, except the backlog, which the database
 * counts.
 *
 * <p>Instances are cheap: create one per transaction.
 */
public final class ServiceLevels {

    /** The windows the figures are given over, shortest first. */
    public static final List<Duration> WINDOWS = List.of(Duration.ofDays(30), Duration.ofDays(90));

    /** The longest window: what the queries read. */
    private static final Duration LONGEST = Duration.ofDays(90);

    private static final String ACKNOWLEDGED = "SELECT r.category_code, r.created_at, c.changed_at"
            + " FROM fmq_status_change c JOIN fmq_report r ON r.id = c.report_id"
            + " WHERE r.body_id = ?1 AND r.hidden = FALSE AND c.from_status = 'open' AND c.to_status <> 'open'"
            + " AND c.changed_at > ?2 AND c.changed_at <= ?3"
            // The first step away from open only: a reopened report acknowledged again keeps its first.
            + " AND NOT EXISTS (SELECT 1 FROM fmq_status_change e WHERE e.report_id = c.report_id"
            + " AND e.from_status = 'open' AND e.to_status <> 'open' AND e.changed_at < c.changed_at)";

    private static final String RESOLVED = "SELECT r.id, r.category_code, r.created_at, MAX(c.changed_at)"
            + " FROM fmq_status_change c JOIN fmq_report r ON r.id = c.report_id"
            + " WHERE r.body_id = ?1 AND r.hidden = FALSE AND c.to_status = 'resolved' AND c.from_status <> 'resolved'"
            + " AND c.changed_at > ?2 AND c.changed_at <= ?3"
            + " GROUP BY r.id, r.category_code, r.created_at";

    private static final String BACKLOG = "SELECT r.category_code,"
            + " SUM(CASE WHEN r.created_at > ?2 THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN r.created_at <= ?2 AND r.created_at > ?3 THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN r.created_at <= ?3 AND r.created_at > ?4 THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN r.created_at <= ?4 THEN 1 ELSE 0 END)"
            + " FROM fmq_report r WHERE r.body_id = ?1 AND r.hidden = FALSE AND r.status IN ('open', 'in_progress')"
            + " GROUP BY r.category_code";

    private final EntityManager em;

    /**
     * @param em the entity manager of the current transaction
     */
    public ServiceLevels(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    /**
     * How long reports waited, over one window.
     *
     * @param count  how many reports
     * @param median their median wait by nearest rank, or {@code null} when there are none
     * @param p90    their 90th percentile by nearest rank, or {@code null} when there are none
     */
    public record Timing(int count, Duration median, Duration p90) {
    }

    /**
     * The open reports by age since creation.
     *
     * @param underOneDay       created less than a day ago
     * @param oneToSevenDays    from one day to less than seven days ago
     * @param sevenToThirtyDays from seven days to less than thirty days ago
     * @param overThirtyDays    thirty days ago or earlier
     */
    public record Backlog(long underOneDay, long oneToSevenDays, long sevenToThirtyDays, long overThirtyDays) {

        /** @return every open report */
        public long total() {
            return underOneDay + oneToSevenDays + sevenToThirtyDays + overThirtyDays;
        }

        private Backlog plus(Backlog other) {
            return new Backlog(underOneDay + other.underOneDay, oneToSevenDays + other.oneToSevenDays,
                    sevenToThirtyDays + other.sevenToThirtyDays, overThirtyDays + other.overThirtyDays);
        }
    }

    /**
     * The figures of a set of reports.
     *
     * @param acknowledge time to acknowledge, one per window of {@link #WINDOWS}, in that order
     * @param resolve     time to resolve, one per window of {@link #WINDOWS}, in that order
     * @param backlog     the open reports by age
     */
    public record Levels(List<Timing> acknowledge, List<Timing> resolve, Backlog backlog) {
    }

    /**
     * @param bodyId     the body
     * @param computedAt the "now" the windows and ages end at
     * @param overall    the figures of all its reports
     * @param categories the figures per category code, in code order; only categories with a
     *                   report counted somewhere
     */
    public record Summary(String bodyId, Instant computedAt, Levels overall, Map<String, Levels> categories) {
    }

    /**
     * @param bodyId a body, live or retired (its reports are still its own)
     * @param now    the end of the windows
     * @return its service levels
     * @throws NotFoundException if no body has that id
     */
    public Summary of(String bodyId, Instant now) {
        if (bodyId == null || em.find(Body.class, bodyId) == null) {
            throw new NotFoundException("body", bodyId);
        }
        Instant since = now.minus(LONGEST);
        // category -> per window, the waits in seconds
        Map<String, List<List<Long>>> acknowledged = new TreeMap<>();
        Map<String, List<List<Long>>> resolved = new TreeMap<>();
        for (Object[] row : rows(ACKNOWLEDGED, bodyId, since, now)) {
            add(acknowledged, (String) row[0], Clocks.instantOf(row[1]), Clocks.instantOf(row[2]), now);
        }
        for (Object[] row : rows(RESOLVED, bodyId, since, now)) {
            add(resolved, (String) row[1], Clocks.instantOf(row[2]), Clocks.instantOf(row[3]), now);
        }
        Map<String, Backlog> backlog = new HashMap<>();
        List<?> counts = em.createNativeQuery(BACKLOG).setParameter(1, bodyId)
                .setParameter(2, now.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC))
                .setParameter(3, now.minus(Duration.ofDays(7)).atOffset(ZoneOffset.UTC))
                .setParameter(4, now.minus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC))
                .getResultList();
        for (Object result : counts) {
            Object[] row = (Object[]) result;
            backlog.put((String) row[0], new Backlog(count(row[1]), count(row[2]), count(row[3]), count(row[4])));
        }

        TreeMap<String, Levels> categories = new TreeMap<>();
        List<List<Long>> allAcknowledged = windows();
        List<List<Long>> allResolved = windows();
        Backlog allBacklog = new Backlog(0, 0, 0, 0);
        Set<String> codes = new TreeSet<>(acknowledged.keySet());
        codes.addAll(resolved.keySet());
        codes.addAll(backlog.keySet());
        for (String code : codes) {
            List<List<Long>> ack = acknowledged.getOrDefault(code, windows());
            List<List<Long>> res = resolved.getOrDefault(code, windows());
            Backlog open = backlog.getOrDefault(code, new Backlog(0, 0, 0, 0));
            for (int w = 0; w < WINDOWS.size(); w++) {
                allAcknowledged.get(w).addAll(ack.get(w));
                allResolved.get(w).addAll(res.get(w));
            }
            allBacklog = allBacklog.plus(open);
            categories.put(code, new Levels(timings(ack), timings(res), open));
        }
        return new Summary(bodyId, now, new Levels(timings(allAcknowledged), timings(allResolved), allBacklog),
                categories);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, String bodyId, Instant since, Instant now) {
        return em.createNativeQuery(sql).setParameter(1, bodyId).setParameter(2, since.atOffset(ZoneOffset.UTC))
                .setParameter(3, now.atOffset(ZoneOffset.UTC)).getResultList();
    }

    private static void add(Map<String, List<List<Long>>> waits, String category, Instant created, Instant stopped,
                            Instant now) {
        List<List<Long>> byWindow = waits.computeIfAbsent(category, c -> windows());
        // A clock set back between two servers must not make a negative wait.
        long seconds = Math.max(0, Duration.between(created, stopped).getSeconds());
        for (int w = 0; w < WINDOWS.size(); w++) {
            if (stopped.isAfter(now.minus(WINDOWS.get(w)))) {
                byWindow.get(w).add(seconds);
            }
        }
    }

    private static List<List<Long>> windows() {
        List<List<Long>> lists = new ArrayList<>();
        WINDOWS.forEach(w -> lists.add(new ArrayList<>()));
        return lists;
    }

    private static List<Timing> timings(List<List<Long>> byWindow) {
        return byWindow.stream().map(ServiceLevels::timing).toList();
    }

    private static Timing timing(List<Long> seconds) {
        long[] sorted = seconds.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Timing(0, null, null);
        }
        return new Timing(sorted.length, Duration.ofSeconds(percentile(sorted, 50)),
                Duration.ofSeconds(percentile(sorted, 90)));
    }

    /**
     * The nearest-rank percentile: the value at rank ceil(p / 100 * n), counting from 1.
     *
     * @param sorted  values in ascending order, at least one
     * @param percent from 1 to 100
     * @return the smallest value that at least {@code percent}% of the values do not exceed
     */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
