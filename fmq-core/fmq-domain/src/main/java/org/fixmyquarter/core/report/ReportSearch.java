package org.fixmyquarter.core.report;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.core.area.Areas;
import org.fixmyquarter.core.area.ReportGeometry;
import org.fixmyquarter.core.body.Bodies;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Cursors;
import org.fixmyquarter.core.internal.GreatCircle;
import org.fixmyquarter.core.internal.Positions;

/**
 * The report list behind {@link ReportService#list}: checks a {@link ReportFilter} and runs it as
 * one SQL query that H2 and PostgreSQL both understand, except a text search newest first on
 * PostgreSQL's stored words, whose query is PostgreSQL's own ({@link #newestMatches}).
 *
 * <p>A circle is first narrowed to its bounding box on the indexed latitude and longitude columns,
 * then decided by the exact great-circle distance, computed by the database so that it can also
 * order and page by it. The query returns only ids (and the distance); the page's reports are then
 * read by primary key.
 *
 * <p>A report along a street or over a zone matches by its shape: its representative point lies
 * on the shape, so the position conditions above keep it whenever the point is inside; the shapes
 * whose bounding box reaches the circle or rectangle are first read and decided with JTS
 * ({@link #shapes}), and those whose point is outside join the same query by id, with their
 * distance to the centre for the nearest-first order. One path for H2 and PostgreSQL.
 */
final class ReportSearch {

    /**
     * The haversine distance in metres from (?, ?) to the row; parameters: lat, lat, lon. A double
     * on every database (H2 would compute the literal in decimal), so that the distance a cursor
     * carries compares exactly with the one the next query computes.
     */
    /** Reports alone in their cell read per query: well under every database's limit of parameters. */
    private static final int DETAILS_BATCH = 500;

    private static final String DISTANCE = "CAST(2 * " + GreatCircle.EARTH_RADIUS_M + " * ASIN(SQRT("
            + "POWER(SIN(RADIANS(r.latitude - ?) / 2), 2) + COS(RADIANS(?)) * COS(RADIANS(r.latitude))"
            + " * POWER(SIN(RADIANS(r.longitude - ?) / 2), 2))) AS DOUBLE PRECISION)";

    /**
     * How many of the newest reports a text search newest first tries before it asks the full-text
     * index: at about a microsecond each with a stored column of words, a bounded 10 ms; a word
     * found less often than once in 200 reports then goes to the index.
     */
    static final int RECENT_WINDOW = 10_000;

    /**
     * Most lines and zones one search decides by their shape: each is one parameter of the query
     * (two for nearest first), well under every database's limit.
     */
    static final int MAX_SHAPES = 2_000;

    private final EntityManager em;
    private final CategoryCatalog categories;
    private final TextSearch textSearch;

    ReportSearch(EntityManager em, CategoryCatalog categories, TextSearch textSearch) {
        this.em = em;
        this.categories = categories;
        this.textSearch = textSearch;
    }

    /**
     * A query and its parameters, in order.
     *
     * @param text   SQL with {@code ?} placeholders
     * @param params their values
     */
    record Sql(String text, List<Object> params) {
    }

    ReportPage list(ReportFilter filter) {
        validate(filter);
        ReportFilter.Sort sort = sortOf(filter);
        Shapes shapes = shapes(filter);
        Query query = query(sql(filter, shapes));
        List<Object[]> rows = new ArrayList<>();
        for (Object row : query.getResultList()) {
            rows.add(row instanceof Object[] ? (Object[]) row : new Object[] {row});
        }
        Map<String, Report> byId = load(rows.stream().limit(filter.limit()).map(r -> r[0].toString())
                .collect(Collectors.toList()));
        Cursors.Slice<Object[]> page = Cursors.slice(rows, filter.limit(), row -> {
            Report last = byId.get(row[0].toString());
            switch (sort) {
                case NEAREST:
                    return Cursors.encode(((Number) row[1]).doubleValue(), last.getId());
                case VOTES:
                    // The count the page was ordered by, not the one read after it: a vote cast in
                    // between would move the cursor past reports not yet shown, or back over this one.
                    return Cursors.encode(((Number) row[1]).intValue(), last.getCreatedAt(), last.getId());
                default:
                    return Cursors.encode(last.getCreatedAt(), last.getId());
            }
        });
        List<Report> reports = page.items().stream().map(r -> byId.get(r[0].toString())).collect(Collectors.toList());
        Map<String, Double> distances = new HashMap<>();
        if (filter.near() != null) {
            // Every report of a circle search has a position: the circle selected it by its position,
            // or by its line or zone, whose distance is then the one to the nearest point of the shape.
            for (Report report : reports) {
                Double shape = shapes.distances().get(report.getId());
                distances.put(report.getId(), shape != null ? shape : GreatCircle.metres(filter.near().latitude(),
                        filter.near().longitude(), report.getLatitude(), report.getLongitude()));
            }
        }
        return new ReportPage(reports, page.next(), distances);
    }

    /**
     * The map's clusters: the filter's reports with a position, counted per cell of the zoom's
     * grid by the database ({@link #clusterSql}), so that no report is read into memory.
     */
    List<ReportCluster> clusters(ReportFilter filter, int zoom) {
        List<FieldError> errors = new ArrayList<>();
        checkConditions(errors, filter);
        if (filter.box() == null) {
            errors.add(FieldError.translatable("bbox", "validation.required", "is required"));
        }
        if (zoom < ReportGrid.MIN_ZOOM || zoom > ReportGrid.MAX_ZOOM) {
            errors.add(FieldError.translatable("zoom", "validation.range", "must be between " + ReportGrid.MIN_ZOOM
                    + " and " + ReportGrid.MAX_ZOOM, ReportGrid.MIN_ZOOM, ReportGrid.MAX_ZOOM));
        }
        if (errors.isEmpty() && ReportGrid.cells(filter.box(), zoom) > ReportGrid.MAX_CELLS) {
            long cells = ReportGrid.cells(filter.box(), zoom);
            errors.add(FieldError.translatable("bbox", "validation.too-many-cells",
                    "spans " + cells + " cells of the grid at this zoom, more than " + ReportGrid.MAX_CELLS
                            + ": ask for a smaller rectangle or a lower zoom", cells, ReportGrid.MAX_CELLS));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        List<Object[]> cells = new ArrayList<>();
        for (Object result : query(clusterSql(filter, ReportGrid.cellDegrees(zoom))).getResultList()) {
            cells.add((Object[]) result);
        }
        Map<String, Object[]> alone = details(cells.stream().filter(row -> ((Number) row[0]).longValue() == 1)
                .map(row -> row[3].toString()).toList());
        List<ReportCluster> clusters = new ArrayList<>();
        for (Object[] row : cells) {
            long count = ((Number) row[0]).longValue();
            double lat = ((Number) row[1]).doubleValue();
            double lon = ((Number) row[2]).doubleValue();
            Object[] report = count == 1 ? alone.get(row[3].toString()) : null;
            clusters.add(report != null
                    ? new ReportCluster(lat, lon, 1, report[0].toString(), report[1].toString(),
                            ReportStatus.fromWireName(report[2].toString()).orElseThrow(), report[3].toString())
                    : new ReportCluster(lat, lon, count, null, null, null, null));
        }
        return clusters;
    }

    /** Id, title, status and category of the reports that are alone in their cell, by id. */
    private Map<String, Object[]> details(List<String> ids) {
        Map<String, Object[]> details = new HashMap<>();
        for (int from = 0; from < ids.size(); from += DETAILS_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + DETAILS_BATCH));
            Query query = em.createNativeQuery("SELECT r.id, r.title, r.status, r.category_code FROM fmq_report r"
                    + " WHERE r.id IN (" + String.join(", ", Collections.nCopies(batch.size(), "?")) + ")");
            for (int i = 0; i < batch.size(); i++) {
                query.setParameter(i + 1, batch.get(i));
            }
            for (Object result : query.getResultList()) {
                Object[] row = (Object[]) result;
                details.put(row[0].toString(), row);
            }
        }
        return details;
    }

    /**
     * @param filter a valid filter with a rectangle
     * @param cell   the side of a grid cell, in degrees
     * @return the query of one row per non-empty cell: the count, the mean latitude and longitude,
     *         and the smallest id, which is the report's own when the cell holds one. Only columns
     *         of {@code fmq_report_position_idx}, so that PostgreSQL can count a city's hundreds of
     *         thousands of reports from the index alone; the few reports alone in their cell are
     *         read afterwards ({@link #details}). The cell is computed in a subquery, so that
     *         PostgreSQL sees the grouped expression once, not as two different parameters.
     */
    Sql clusterSql(ReportFilter filter, double cell) {
        List<Object> params = new ArrayList<>();
        params.add(cell);
        params.add(cell);
        StringBuilder cells = new StringBuilder("SELECT FLOOR(r.longitude / ?) AS cell_x, FLOOR(r.latitude / ?)"
                + " AS cell_y, r.id, r.latitude, r.longitude FROM fmq_report r"
                + " WHERE r.latitude IS NOT NULL AND r.longitude IS NOT NULL");
        // Clusters count lines and zones at their representative point, the one place a count can sit.
        appendConditions(cells, params, filter, Shapes.NONE);
        String sql = "SELECT COUNT(*), AVG(c.latitude), AVG(c.longitude), MIN(c.id)"
                + " FROM (" + cells + ") c GROUP BY c.cell_y, c.cell_x ORDER BY c.cell_y, c.cell_x";
        return new Sql(sql, params);
    }

    /**
     * @param filter a valid filter
     * @return the query of the ids of its page (with the distance or the vote count it is ordered
     *         by), one row more than the page holds
     */
    Sql sql(ReportFilter filter) {
        return sql(filter, Shapes.NONE);
    }

    /**
     * @param filter a valid filter
     * @param shapes the lines and zones its circle or rectangle reaches ({@link #shapes})
     * @return as {@link #sql(ReportFilter)}
     */
    Sql sql(ReportFilter filter, Shapes shapes) {
        ReportFilter.Sort sort = sortOf(filter);
        if (sort == ReportFilter.Sort.NEWEST && filter.text() != null && textSearch.stored()) {
            return newestMatches(filter, shapes);
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT r.id");
        if (sort == ReportFilter.Sort.NEAREST) {
            sql.append(", ");
            appendDistance(sql, params, filter.near(), shapes);
            sql.append(" AS distance_m");
        } else if (sort == ReportFilter.Sort.VOTES) {
            sql.append(", r.vote_count");
        }
        sql.append(" FROM fmq_report r WHERE 1 = 1");
        appendConditions(sql, params, filter, shapes);
        appendOrder(sql, params, filter, sort, shapes);
        sql.append(" FETCH FIRST ? ROWS ONLY");
        params.add(filter.limit() + 1);

        return new Sql(sql.toString(), params);
    }

    /**
     * Newest first with a text on a stored column of words (PostgreSQL): the newest
     * {@value #RECENT_WINDOW} reports are tried first, then, only when fewer than a page and one
     * of them match, every match is taken from the full-text index and sorted.
     *
     * <p>Left to itself, PostgreSQL picks one plan for every word from its estimate of how many
     * reports hold it: walking the newest reports until the page is full, cheap for a common word,
     * or taking the matches from the GIN index, cheap for a rare one. It assumes the matches are
     * spread evenly over time, and is far off for a word that recent reports happen not to hold
     * (a walk through tens of thousands of reports), or when its estimate is wrong for a rare word.
     * Trying the newest reports first bounds the walk; the index then costs in proportion to the
     * matches, which a word found in none of the newest reports rarely has many of. The answer is
     * the same either way: when a page and one matched among the newest reports after the cursor,
     * no older report can come before them.
     */
    private Sql newestMatches(ReportFilter filter, Shapes shapes) {
        List<Object> after = new ArrayList<>();
        String afterCursor = "";
        if (filter.cursor() != null) {
            afterCursor = " AND " + newer();
            addNewer(after, Cursors.decode(filter.cursor()));
        }
        StringBuilder conditions = new StringBuilder();
        List<Object> conditionParams = new ArrayList<>();
        appendConditions(conditions, conditionParams, filter, shapes);
        int rows = filter.limit() + 1;
        String order = " ORDER BY r.created_at DESC, r.id DESC";

        List<Object> params = new ArrayList<>(after);
        params.addAll(conditionParams);
        params.add(rows);
        params.add(rows);
        params.add(rows);
        params.addAll(conditionParams);
        params.addAll(after);
        params.add(rows);
        String sql = "WITH recent AS MATERIALIZED (SELECT r.id, r.created_at FROM (SELECT r.* FROM fmq_report r"
                + " WHERE 1 = 1" + afterCursor + order + " FETCH FIRST " + RECENT_WINDOW + " ROWS ONLY) r"
                + " WHERE 1 = 1" + conditions + order + " FETCH FIRST ? ROWS ONLY)"
                + " SELECT u.id FROM (SELECT id, created_at FROM recent WHERE (SELECT COUNT(*) FROM recent) = ?"
                + " UNION ALL SELECT * FROM (SELECT r.id, r.created_at FROM fmq_report r"
                // OFFSET 0 keeps PostgreSQL from walking the newest reports again for this part.
                + " WHERE (SELECT COUNT(*) FROM recent) < ?" + conditions + afterCursor + " OFFSET 0) older) u"
                + " ORDER BY u.created_at DESC, u.id DESC FETCH FIRST ? ROWS ONLY";
        return new Sql(sql, params);
    }

    private Query query(Sql sql) {
        Query query = em.createNativeQuery(sql.text());
        for (int i = 0; i < sql.params().size(); i++) {
            query.setParameter(i + 1, sql.params().get(i));
        }
        return query;
    }

    /**
     * Appends the filter's conditions (not the cursor's) to a query on {@code fmq_report r}. A
     * circle or rectangle holds a report by its position (a line's or zone's representative point,
     * which lies on the shape) or, for the few shapes whose point is outside, by the ids
     * {@link #shapes} found.
     */
    private void appendConditions(StringBuilder sql, List<Object> params, ReportFilter filter, Shapes shapes) {
        ReportFilter.Near near = filter.near();
        if (!filter.staff()) {
            sql.append(" AND r.hidden_at IS NULL");
        }
        if (filter.status() != null) {
            sql.append(" AND r.status = ?");
            params.add(filter.status().wireName());
        }
        if (filter.category() != null) {
            Set<String> codes = withDescendants(filter.category());
            sql.append(" AND r.category_code IN (")
                    .append(codes.stream().map(c -> "?").collect(Collectors.joining(", "))).append(")");
            params.addAll(codes);
        }
        appendPeriod(sql, params, "r.created_at", filter.created());
        appendPeriod(sql, params, "r.updated_at", filter.updated());
        if (near != null) {
            double[] box = GreatCircle.box(near.latitude(), near.longitude(), near.radiusMetres());
            sql.append(" AND ((r.latitude BETWEEN ? AND ? AND r.longitude BETWEEN ? AND ?");
            params.add(box[0]);
            params.add(box[1]);
            params.add(box[2]);
            params.add(box[3]);
            sql.append(" AND ").append(DISTANCE).append(" <= ?)");
            addCentre(params, near);
            params.add(near.radiusMetres());
            appendIds(sql, params, shapes.nearIds());
            sql.append(")");
        }
        if (filter.box() != null) {
            ReportFilter.Box box = filter.box();
            sql.append(" AND ((r.latitude BETWEEN ? AND ? AND r.longitude BETWEEN ? AND ?)");
            params.add(box.minLat());
            params.add(box.maxLat());
            params.add(box.minLon());
            params.add(box.maxLon());
            appendIds(sql, params, shapes.boxIds());
            sql.append(")");
        }
        if (filter.text() != null) {
            textSearch.appendCondition(sql, params, filter.text());
        }
        if (filter.area() != null) {
            // The areas recorded at creation (fmq_report_area), not the polygon of today: a redrawn
            // or retired area keeps the reports routed to it.
            sql.append(" AND EXISTS (SELECT 1 FROM fmq_report_area ra WHERE ra.report_id = r.id AND ra.area_id = ?)");
            params.add(filter.area());
        }
        if (filter.body() != null) {
            // The body responsible now: a report moved to another body leaves the first one's queue.
            sql.append(" AND r.body_id = ?");
            params.add(filter.body());
        }
    }

    private static ReportFilter.Sort sortOf(ReportFilter filter) {
        return filter.sort() == null ? ReportFilter.Sort.NEWEST : filter.sort();
    }

    /** Appends, after a cursor, the keyset condition, then the ORDER BY. */
    private void appendOrder(StringBuilder sql, List<Object> params, ReportFilter filter, ReportFilter.Sort sort,
                             Shapes shapes) {
        String cursor = filter.cursor();
        switch (sort) {
            case NEAREST:
                if (cursor != null) {
                    Cursors.DistancePosition after = Cursors.decodeDistance(cursor);
                    sql.append(" AND (");
                    appendDistance(sql, params, filter.near(), shapes);
                    sql.append(" > ? OR (");
                    params.add(after.metres());
                    appendDistance(sql, params, filter.near(), shapes);
                    sql.append(" = ? AND r.id > ?))");
                    params.add(after.metres());
                    params.add(after.id());
                }
                sql.append(" ORDER BY distance_m, r.id");
                return;
            case VOTES:
                if (cursor != null) {
                    Cursors.VotesPosition after = Cursors.decodeVotes(cursor);
                    sql.append(" AND (r.vote_count < ? OR (r.vote_count = ? AND ").append(newer()).append("))");
                    params.add(after.votes());
                    params.add(after.votes());
                    addNewer(params, after.position());
                }
                sql.append(" ORDER BY r.vote_count DESC, r.created_at DESC, r.id DESC");
                return;
            default:
                if (cursor != null) {
                    sql.append(" AND ").append(newer());
                    addNewer(params, Cursors.decode(cursor));
                }
                sql.append(" ORDER BY r.created_at DESC, r.id DESC");
        }
    }

    /**
     * The distance in metres from the circle's centre: to the position, or, for a line or zone in
     * the circle, the one {@link #shapes} measured to the nearest point of the shape.
     */
    private static void appendDistance(StringBuilder sql, List<Object> params, ReportFilter.Near near,
                                       Shapes shapes) {
        if (shapes.distances().isEmpty()) {
            sql.append(DISTANCE);
            addCentre(params, near);
            return;
        }
        sql.append("CASE r.id");
        shapes.distances().forEach((id, metres) -> {
            sql.append(" WHEN ? THEN CAST(? AS DOUBLE PRECISION)");
            params.add(id);
            params.add(metres);
        });
        sql.append(" ELSE ").append(DISTANCE).append(" END");
        addCentre(params, near);
    }

    private static void appendIds(StringBuilder sql, List<Object> params, List<String> ids) {
        if (!ids.isEmpty()) {
            sql.append(" OR r.id IN (").append(String.join(", ", Collections.nCopies(ids.size(), "?"))).append(")");
            params.addAll(ids);
        }
    }

    /**
     * The lines and zones a filter's circle or rectangle reaches beyond what their representative
     * point says.
     *
     * @param nearIds   those within the circle whose point is outside it
     * @param distances for every line and zone within the circle, its distance in metres: the
     *                  nearest-first order and the page's distances use them
     * @param boxIds    those touching the rectangle whose point is outside it
     */
    record Shapes(List<String> nearIds, Map<String, Double> distances, List<String> boxIds) {
        static final Shapes NONE = new Shapes(List.of(), Map.of(), List.of());
    }

    /**
     * Finds the lines and zones of a circle or rectangle: the database gives those whose bounding
     * box reaches it (indexed), then each shape decides, by its distance to the centre or its
     * intersection with the rectangle.
     */
    private Shapes shapes(ReportFilter filter) {
        if (filter.near() == null && filter.box() == null) {
            return Shapes.NONE;
        }
        List<String> nearIds = new ArrayList<>();
        Map<String, Double> distances = new LinkedHashMap<>();
        List<String> boxIds = new ArrayList<>();
        ReportFilter.Near near = filter.near();
        if (near != null) {
            double[] box = GreatCircle.box(near.latitude(), near.longitude(), near.radiusMetres());
            for (Object[] row : shapesIn(filter, box[0], box[2], box[1], box[3])) {
                ReportGeometry shape = ReportGeometry.read(row[1].toString());
                double metres = shape.metresFrom(near.latitude(), near.longitude());
                if (metres <= near.radiusMetres()) {
                    distances.put(row[0].toString(), metres);
                    double point = GreatCircle.metres(near.latitude(), near.longitude(),
                            ((Number) row[2]).doubleValue(), ((Number) row[3]).doubleValue());
                    if (point > near.radiusMetres()) {
                        nearIds.add(row[0].toString());
                    }
                }
            }
        }
        ReportFilter.Box box = filter.box();
        if (box != null) {
            for (Object[] row : shapesIn(filter, box.minLat(), box.minLon(), box.maxLat(), box.maxLon())) {
                double lat = ((Number) row[2]).doubleValue();
                double lon = ((Number) row[3]).doubleValue();
                boolean pointInside = lat >= box.minLat() && lat <= box.maxLat() && lon >= box.minLon()
                        && lon <= box.maxLon();
                if (!pointInside && ReportGeometry.read(row[1].toString())
                        .intersectsBox(box.minLat(), box.minLon(), box.maxLat(), box.maxLon())) {
                    boxIds.add(row[0].toString());
                }
            }
        }
        if (nearIds.size() + boxIds.size() > MAX_SHAPES
                || (sortOf(filter) == ReportFilter.Sort.NEAREST && distances.size() > MAX_SHAPES)) {
            throw new ValidationException(List.of(new FieldError(near != null ? "near" : "bbox",
                    "reaches more than " + MAX_SHAPES + " reports along a street or over a zone: search a smaller "
                            + "circle or rectangle")));
        }
        return new Shapes(nearIds, distances, boxIds);
    }

    /** Id, shape and representative point of the visible lines and zones whose box meets the rectangle. */
    private List<Object[]> shapesIn(ReportFilter filter, double minLat, double minLon, double maxLat, double maxLon) {
        Query query = em.createNativeQuery("SELECT r.id, r.geometry, r.latitude, r.longitude FROM fmq_report r"
                + " WHERE r.geom_min_lat <= ? AND r.geom_max_lat >= ? AND r.geom_min_lon <= ? AND r.geom_max_lon >= ?"
                + (filter.staff() ? "" : " AND r.hidden_at IS NULL"))
                .setParameter(1, maxLat).setParameter(2, minLat).setParameter(3, maxLon).setParameter(4, minLon);
        List<Object[]> rows = new ArrayList<>();
        for (Object row : query.getResultList()) {
            rows.add((Object[]) row);
        }
        return rows;
    }

    private static String newer() {
        return "(r.created_at < ? OR (r.created_at = ? AND r.id < ?))";
    }

    private static void addNewer(List<Object> params, Cursors.Position after) {
        params.add(after.createdAt().atOffset(ZoneOffset.UTC));
        params.add(after.createdAt().atOffset(ZoneOffset.UTC));
        params.add(after.id());
    }

    private static void addCentre(List<Object> params, ReportFilter.Near near) {
        params.add(near.latitude());
        params.add(near.latitude());
        params.add(near.longitude());
    }

    private static void appendPeriod(StringBuilder sql, List<Object> params, String column,
                                     ReportFilter.Period period) {
        if (period == null) {
            return;
        }
        if (period.from() != null) {
            sql.append(" AND ").append(column).append(" >= ?");
            params.add(period.from().atOffset(ZoneOffset.UTC));
        }
        if (period.to() != null) {
            sql.append(" AND ").append(column).append(" < ?");
            params.add(period.to().atOffset(ZoneOffset.UTC));
        }
    }

    private Map<String, Report> load(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("SELECT r FROM Report r WHERE r.id IN :ids", Report.class).setParameter("ids", ids)
                .getResultStream().collect(Collectors.toMap(Report::getId, r -> r));
    }

    /** The category and every category below it, however deep. */
    private Set<String> withDescendants(String code) {
        Set<String> codes = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(code));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (codes.add(next)) {
                categories.children(next).stream().map(CategoryDefinition::code).forEach(todo::push);
            }
        }
        return codes;
    }

    private void validate(ReportFilter filter) {
        List<FieldError> errors = new ArrayList<>();
        if (filter.limit() < 1 || filter.limit() > ReportFilter.MAX_LIMIT) {
            errors.add(FieldError.translatable("limit", "validation.range",
                    "must be between 1 and " + ReportFilter.MAX_LIMIT, 1, ReportFilter.MAX_LIMIT));
        }
        checkConditions(errors, filter);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** Checks what selects reports and their order, as lists and clusters share them; not the page size. */
    private void checkConditions(List<FieldError> errors, ReportFilter filter) {
        if (filter.category() != null && !categories.contains(filter.category())) {
            errors.add(ReportService.unknownCategory(categories, "category", filter.category()));
        }
        checkPeriod(errors, "created", filter.created());
        checkPeriod(errors, "updated", filter.updated());
        ReportFilter.Near near = filter.near();
        if (near != null) {
            Positions.check(errors, "near", near.latitude(), 90);
            Positions.check(errors, "near", near.longitude(), 180);
            Positions.checkRadius(errors, near.radiusMetres(), ReportFilter.Near.RADIUS_MIN,
                    ReportFilter.Near.RADIUS_MAX);
        } else if (filter.sort() == ReportFilter.Sort.NEAREST) {
            errors.add(FieldError.translatable("sort", "validation.nearest-needs-near",
                    "nearest needs a centre: add near=lat,lon"));
        }
        ReportFilter.Box box = filter.box();
        if (box != null) {
            Positions.check(errors, "bbox", box.minLat(), 90);
            Positions.check(errors, "bbox", box.maxLat(), 90);
            Positions.check(errors, "bbox", box.minLon(), 180);
            Positions.check(errors, "bbox", box.maxLon(), 180);
            if (!(box.minLat() <= box.maxLat() && box.minLon() <= box.maxLon())) {
                errors.add(FieldError.translatable("bbox", "validation.bbox",
                        "must be west,south,east,north with west not beyond east and south not beyond north"));
            }
        }
        if (filter.area() != null && !Areas.exists(em, filter.area())) {
            errors.add(new FieldError("area", "names no area: see GET /areas for their ids"));
        }
        if (filter.body() != null && !Bodies.exists(em, filter.body())) {
            errors.add(new FieldError("body", "names no body: see GET /bodies for their ids"));
        }
        String text = filter.text();
        if (text != null && (text.isBlank() || text.length() > ReportFilter.TEXT_MAX)) {
            errors.add(FieldError.translatable("q", "validation.length-range",
                    "must be 1 to " + ReportFilter.TEXT_MAX + " characters", 1, ReportFilter.TEXT_MAX));
        }
    }

    private static void checkPeriod(List<FieldError> errors, String field, ReportFilter.Period period) {
        if (period != null && period.from() != null && period.to() != null && !period.from().isBefore(period.to())) {
            errors.add(FieldError.translatable(field, "validation.period",
                    "the period must end after it starts (" + period.from() + " to " + period.to() + ")",
                    period.from().toString(), period.to().toString()));
        }
    }
}
