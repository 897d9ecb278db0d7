package org.fixmyquarter.core.area;

import java.io.StringReader;
import java.util.ArrayList;
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
