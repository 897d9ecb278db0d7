package org.fixmyquarter.core.area;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.internal.Outbox;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Routes a position to the areas it lies in: the database gives the live areas whose bounding box
 * holds the point (an indexed pre-filter), then each candidate's polygon decides, as a JTS
 * {@link PreparedGeometry} cached in memory by area id and version.
 *
 * <p>Keying the cache by version makes it right across servers without any signal between them:
 * a change on one server raises the row's version, so every server reads and prepares the new
 * polygon the next time a point falls in its box, and the old entry is never used again.
 *
 * <p><b>Border rule:</b> a point on the boundary counts as inside ({@code covers}, not
 * {@code contains}), so a report on the border shared by two districts belongs to both, and one on
 * the edge of a hole belongs to the area around the hole. Nothing falls between two areas that
 * share an edge.
 */
public final class AreaRouting {

    /** Past this many cached geometries the cache starts afresh: versions left behind are dropped. */
    static final int CACHE_MAX = 20_000;

    private static final Map<String, PreparedGeometry> PREPARED = new ConcurrentHashMap<>();

    private AreaRouting() {
    }

    /**
     * The live (not retired) areas whose geometry covers the point.
     *
     * @param em        the entity manager of the current transaction
     * @param latitude  WGS84 latitude
     * @param longitude WGS84 longitude
     * @return their ids, in no particular order; empty outside every area
     */
    public static List<String> areasAt(EntityManager em, double latitude, double longitude) {
        @SuppressWarnings("unchecked")
        List<Object[]> candidates = em.createNativeQuery("SELECT id, version FROM fmq_area"
                        + " WHERE retired_at IS NULL AND min_lat <= ?1 AND max_lat >= ?1 AND min_lon <= ?2 AND max_lon >= ?2")
                .setParameter(1, latitude).setParameter(2, longitude).getResultList();
        Point point = AreaGeometry.FACTORY.createPoint(new Coordinate(longitude, latitude));
        List<String> inside = new ArrayList<>();
        for (Object[] row : candidates) {
            String id = (String) row[0];
            int version = ((Number) row[1]).intValue();
            if (prepared(em, id, version).covers(point)) {
                inside.add(id);
            }
        }
        return inside;
    }

    /**
     * Records the areas a new report's position lies in ({@code fmq_report_area}), in the
     * caller's transaction, so the report and its areas commit together.
     *
     * @param em        the entity manager of the current transaction; the report row must be flushed
     * @param reportId  the new report
     * @param latitude  its position's latitude
     * @param longitude its position's longitude
     * @return the ids of its areas
     */
    public static List<String> route(EntityManager em, String reportId, double latitude, double longitude) {
        List<String> areas = areasAt(em, latitude, longitude);
        for (String areaId : areas) {
            em.persist(new ReportArea(reportId, areaId));
        }
        return areas;
    }

    /**
     * The live areas a report's line or zone touches: a line crossing two districts is in both,
     * and in their city. As for a point, touching the boundary counts.
     *
     * @param em    the entity manager of the current transaction
     * @param shape the report's line or zone
     * @return their ids, in no particular order; empty outside every area
     */
    public static List<String> areasTouching(EntityManager em, ReportGeometry shape) {
        @SuppressWarnings("unchecked")
        List<Object[]> candidates = em.createNativeQuery("SELECT id, version FROM fmq_area WHERE retired_at IS NULL"
                        + " AND min_lat <= ?1 AND max_lat >= ?2 AND min_lon <= ?3 AND max_lon >= ?4")
                .setParameter(1, shape.maxLat()).setParameter(2, shape.minLat())
                .setParameter(3, shape.maxLon()).setParameter(4, shape.minLon()).getResultList();
        List<String> touched = new ArrayList<>();
        for (Object[] row : candidates) {
            String id = (String) row[0];
            if (prepared(em, id, ((Number) row[1]).intValue()).intersects(shape.geometry())) {
                touched.add(id);
            }
        }
        return touched;
    }

    /**
     * Records the areas a new report's line or zone touches ({@link #areasTouching}), in the
     * caller's transaction.
     *
     * @param em       the entity manager of the current transaction; the report row must be flushed
     * @param reportId the new report
     * @param shape    its line or zone
     * @return the ids of its areas
     */
    public static List<String> route(EntityManager em, String reportId, ReportGeometry shape) {
        List<String> areas = areasTouching(em, shape);
        for (String areaId : areas) {
            em.persist(new ReportArea(reportId, areaId));
        }
        return areas;
    }

    /**
     * The area a report without a position names in its address, with the areas it lies in: the
     * live areas whose name, in any language, appears in the address as whole words, case and
     * accents aside ("1er arrondissement" in "3 rue Neuve, 1ER ARRONDISSEMENT"). Names of nested
     * areas count once: an area whose district is named too gives way to the district. Exactly one
     * area must remain; none or several (two districts named) route nowhere.
     *
     * @param em      the entity manager of the current transaction
     * @param address the report's address, landmark or area name
     * @return the named area and its parents, the named area first; empty when not exactly one matches
     */
    public static List<String> areasNamedIn(EntityManager em, String address) {
        if (address == null || address.isBlank()) {
            return List.of();
        }
        String words = " " + AreaNames.fold(address) + " ";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, parent_id, names FROM fmq_area WHERE retired_at IS NULL")
                .getResultList();
        Map<String, String> parents = new HashMap<>();
        List<String> named = new ArrayList<>();
        for (Object[] row : rows) {
            parents.put((String) row[0], (String) row[1]);
            for (String name : LocalizedNames.read((String) row[2]).values()) {
                String folded = AreaNames.fold(name);
                if (!folded.isEmpty() && words.contains(" " + folded + " ")) {
                    named.add((String) row[0]);
                    break;
                }
            }
        }
        // An area named beside one of its districts ("Lyon, 1st district") is the district's context.
        List<String> deepest = new ArrayList<>(named);
        for (String id : named) {
            for (String up = parents.get(id); up != null; up = parents.get(up)) {
                deepest.remove(up);
            }
        }
        if (deepest.size() != 1) {
            return List.of();
        }
        List<String> chain = new ArrayList<>();
        for (String id = deepest.get(0); id != null && !chain.contains(id); id = parents.get(id)) {
            chain.add(id);
        }
        return chain;
    }

    /**
     * Records the areas a new report without a position names in its address
     * ({@link #areasNamedIn}), in the caller's transaction.
     *
     * @param em       the entity manager of the current transaction; the report row must be flushed
     * @param reportId the new report
     * @param address  its address
     * @return the ids of its areas, empty when the address names not exactly one area
     */
    public static List<String> routeByAddress(EntityManager em, String reportId, String address) {
        List<String> areas = areasNamedIn(em, address);
        for (String areaId : areas) {
            em.persist(new ReportArea(reportId, areaId));
        }
        return areas;
    }

    private static PreparedGeometry prepared(EntityManager em, String id, int version) {
        PreparedGeometry cached = PREPARED.get(id + ":" + version);
        if (cached != null) {
            return cached;
        }
        // The version is read with the text, so an entry never pairs one version with another's polygon.
        Object[] row = (Object[]) em.createNativeQuery("SELECT geometry, version FROM fmq_area WHERE id = ?1")
                .setParameter(1, id).getSingleResult();
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(AreaGeometry.parse(
                Outbox.JSON.createReader(new StringReader(text(row[0]))).readObject()).geometry());
        if (PREPARED.size() >= CACHE_MAX) {
            PREPARED.clear();
        }
        PREPARED.put(id + ":" + ((Number) row[1]).intValue(), prepared);
        return prepared;
    }

    /** H2 gives a large text column as a {@link java.sql.Clob}, PostgreSQL as a string. */
    private static String text(Object value) {
        if (value instanceof java.sql.Clob) {
            try {
                java.sql.Clob clob = (java.sql.Clob) value;
                return clob.getSubString(1, (int) clob.length());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("could not read an area's geometry", e);
            }
        }
        return (String) value;
    }
}
