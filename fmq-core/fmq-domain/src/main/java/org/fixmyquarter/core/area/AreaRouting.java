package org.fixmyquarter.core.area;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.internal.Outbox;

/**
 * Routes a report to the areas it lies in: by its position (point in polygon), or, without one,
 * by the area its address names. The live areas come from {@link AreaIndex}: an in-memory STRtree
 * of their bounding boxes as the pre-filter, then each candidate's polygon decides (JTS's ray
 * crossing test, ring by ring: {@link AreaShape}), cached by area id and version; or, where
 * the database has PostGIS, its GiST index and {@code ST_Covers} ({@link PostgisAreas}). The
 * answers are the same either way.
 *
 * <p>The index is right across servers without any signal between them: every change of an area
 * replaces the generation token that routing reads with each report, and raises the area's
 * version, so every server reads the areas again at its next report and never tests an old
 * polygon.
 *
 * <p><b>Border rule:</b> a point on the boundary counts as inside ({@code covers}, not
 * {@code contains}), so a report on the border shared by two districts belongs to both, and one on
 * the edge of a hole belongs to the area around the hole. Nothing falls between two areas that
 * share an edge.
 */
public final class AreaRouting {

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
        return AreaIndex.current(em).areasAt(em, latitude, longitude);
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
        List<Object[]> candidates = em.createNativeQuery("SELECT id, geometry FROM fmq_area WHERE retired_at IS NULL"
                        + " AND min_lat <= ?1 AND max_lat >= ?2 AND min_lon <= ?3 AND max_lon >= ?4")
                .setParameter(1, shape.maxLat()).setParameter(2, shape.minLat())
                .setParameter(3, shape.maxLon()).setParameter(4, shape.minLon()).getResultList();
        List<String> touched = new ArrayList<>();
        for (Object[] row : candidates) {
            // Lines and zones are few beside points: their candidates' polygons are read as JTS
            // geometries each time rather than kept (the in-memory index keeps packed rings for points).
            org.locationtech.jts.geom.Geometry area = AreaGeometry.parse(Outbox.JSON.createReader(
                    new java.io.StringReader(AreaIndex.text(row[1]))).readValue()).geometry();
            if (area.intersects(shape.geometry())) {
                touched.add((String) row[0]);
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
        AreaIndex index = AreaIndex.current(em);
        List<String> named = index.areasNamed(address);
        // An area named beside one of its districts ("Lyon, 1st district") is the district's context.
        List<String> deepest = new ArrayList<>(named);
        for (String id : named) {
            for (String up = index.parentOf(id); up != null; up = index.parentOf(up)) {
                deepest.remove(up);
            }
        }
        if (deepest.size() != 1) {
            return List.of();
        }
        List<String> chain = new ArrayList<>();
        for (String id = deepest.get(0); id != null && !chain.contains(id); id = index.parentOf(id)) {
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
}
