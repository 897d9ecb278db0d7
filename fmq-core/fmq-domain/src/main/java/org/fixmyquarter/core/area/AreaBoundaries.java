package org.fixmyquarter.core.area;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

/**
 * The outlines of the live areas for a map: simplified so that a page draws a city's districts
 * without downloading every position of their polygons, and bounded in number.
 *
 * <p>Instances are cheap: create one per transaction. The simplified outlines are kept in memory
 * by area id and version (a changed area has a new version), for the next reader.
 */
public final class AreaBoundaries {

    /** How far a simplified edge may stray from the original, in degrees: about 10 metres. */
    public static final double TOLERANCE = 0.0001;

    /** Most areas in one answer; a reader zoomed out over more asks for a smaller box. */
    public static final int MAX_AREAS = 500;

    private static final int CACHED = 2_000;

    /** id:version -> simplified GeoJSON; least recently used first out. */
    private static final Map<String, String> SIMPLIFIED = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHED;
        }
    };

    private final EntityManager em;

    /**
     * @param em the entity manager of the current transaction
     */
    public AreaBoundaries(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    /**
     * An area and its simplified outline.
     *
     * @param area     the area
     * @param geometry its outline, simplified, as GeoJSON text (Polygon or MultiPolygon)
     */
    public record Boundary(Area area, String geometry) {
    }

    /**
     * @param boundaries the outlines, parents before their children
     * @param truncated  whether more areas lie in the box than {@link #MAX_AREAS}
     */
    public record Page(List<Boundary> boundaries, boolean truncated) {
    }

    /**
     * @param box {west, south, east, north} the areas must overlap (by bounding box), or
     *            {@code null} for all
     * @return the live areas there, in the order they were imported, at most {@link #MAX_AREAS}
     */
    public Page within(double[] box) {
        TypedQuery<Area> query;
        if (box == null) {
            query = em.createQuery("SELECT a FROM Area a WHERE a.retiredAt IS NULL ORDER BY a.createdAt, a.id",
                    Area.class);
        } else {
            query = em.createQuery("SELECT a FROM Area a WHERE a.retiredAt IS NULL AND a.minLon <= :east"
                    + " AND a.maxLon >= :west AND a.minLat <= :north AND a.maxLat >= :south ORDER BY a.createdAt, a.id",
                    Area.class).setParameter("west", box[0]).setParameter("south", box[1])
                    .setParameter("east", box[2]).setParameter("north", box[3]);
        }
        List<Area> areas = query.setMaxResults(MAX_AREAS + 1).getResultList();
        boolean truncated = areas.size() > MAX_AREAS;
        List<Boundary> boundaries = new ArrayList<>();
        for (Area area : truncated ? areas.subList(0, MAX_AREAS) : areas) {
            boundaries.add(new Boundary(area, simplified(area)));
        }
        return new Page(boundaries, truncated);
    }

    private static String simplified(Area area) {
        String key = area.getId() + ":" + area.getVersion();
        synchronized (SIMPLIFIED) {
            String known = SIMPLIFIED.get(key);
            if (known != null) {
                return known;
            }
        }
        String outline = AreaGeometry.parse(area.getGeometry()).simplifiedGeoJson(TOLERANCE);
        synchronized (SIMPLIFIED) {
            SIMPLIFIED.put(key, outline);
        }
        return outline;
    }
}
