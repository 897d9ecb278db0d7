package org.fixmyquarter.core.area;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The live areas as routing needs them, in memory: an STRtree of their bounding boxes, their
 * parents, and their names folded for matching an address. One snapshot per generation of the set
 * of areas: the token in {@code fmq_area_generation}, which every import, change and retirement
 * replaces in its own transaction ({@link #changed}). Routing reads that one row per report, and
 * reads the areas again only when the token is new, so a change made on any server is seen by
 * every server at the next report, with no message between them.
 *
 * <p>The polygons themselves are not in the snapshot: they are read when a point first falls in
 * their box, and kept as {@link AreaShape}s by area id and version (so a redrawn area is never
 * tested with its old polygon), up to {@link #SHAPE_VERTICES_MAX} positions in all.
 *
 * <p>Where PostGIS serves the database ({@link PostgisAreas}), the snapshot says so, and the
 * position is answered by the database's GiST index instead of the STRtree.
 */
final class AreaIndex {

    /**
     * Past this many positions of polygons in memory (16 bytes each: 64 MB), the cache starts
     * afresh. The benchmark's 10,000 areas hold 3.3 million.
     */
    static final long SHAPE_VERTICES_MAX = 4_000_000;
    /** Snapshots kept at once: one per database the process routes in (tests open several). */
    private static final int SNAPSHOTS_MAX = 8;

    private static final Map<String, AreaIndex> SNAPSHOTS = new ConcurrentHashMap<>();
    private static final Map<String, AreaShape> SHAPES = new ConcurrentHashMap<>();
    private static final AtomicLong SHAPE_VERTICES = new AtomicLong();

    private final boolean postgis;
    private final STRtree tree;
    private final Map<String, String> parents;
    private final Map<String, List<String>> byName;
    private final int longestName;

    /** What the tree holds of an area. */
    private record Entry(String id, int version) {
    }

    private AreaIndex(boolean postgis, STRtree tree, Map<String, String> parents, Map<String, List<String>> byName,
                      int longestName) {
        this.postgis = postgis;
        this.tree = tree;
        this.parents = parents;
        this.byName = byName;
        this.longestName = longestName;
    }

    /**
     * The snapshot of the areas of the entity manager's database, read again if they changed.
     *
     * @param em the entity manager of the current transaction
     * @return the live areas now
     */
    static AreaIndex current(EntityManager em) {
        String token = token(em);
        if (token == null) {
            // No generation row (a test emptied every table): nothing to key a snapshot by.
            return load(em);
        }
        AreaIndex index = SNAPSHOTS.get(token);
        if (index != null) {
            return index;
        }
        if (SNAPSHOTS.size() >= SNAPSHOTS_MAX) {
            SNAPSHOTS.clear();
        }
        // One reader per new token: the others wait for its snapshot rather than all reading the areas.
        return SNAPSHOTS.computeIfAbsent(token, t -> load(em));
    }

    /**
     * Records that the set of areas changed, in the caller's transaction: every server reads the
     * areas again at its next report once this commits.
     *
     * @param em the entity manager of the transaction that changes an area
     */
    static void changed(EntityManager em) {
        String token = Ids.newId();
        int updated = em.createNativeQuery("UPDATE fmq_area_generation SET token = ?1 WHERE id = 1")
                .setParameter(1, token).executeUpdate();
        if (updated == 0) {
            em.createNativeQuery("INSERT INTO fmq_area_generation (id, token) VALUES (1, ?1)")
                    .setParameter(1, token).executeUpdate();
        }
    }

    private static String token(EntityManager em) {
        List<?> rows = em.createNativeQuery("SELECT token FROM fmq_area_generation WHERE id = 1").getResultList();
        return rows.isEmpty() ? null : (String) rows.get(0);
    }

    private static AreaIndex load(EntityManager em) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, version, parent_id, names,"
                + " min_lon, max_lon, min_lat, max_lat FROM fmq_area WHERE retired_at IS NULL").getResultList();
        STRtree tree = new STRtree();
        Map<String, String> parents = new HashMap<>();
        Map<String, List<String>> byName = new HashMap<>();
        int longest = 0;
        for (Object[] row : rows) {
            String id = (String) row[0];
            tree.insert(new Envelope(number(row[4]), number(row[5]), number(row[6]), number(row[7])),
                    new Entry(id, ((Number) row[1]).intValue()));
            parents.put(id, (String) row[2]);
            for (String name : LocalizedNames.read((String) row[3]).values()) {
                String folded = AreaNames.fold(name);
                if (!folded.isEmpty()) {
                    List<String> ids = byName.computeIfAbsent(folded, k -> new ArrayList<>(1));
                    if (!ids.contains(id)) {
                        ids.add(id);
                    }
                    longest = Math.max(longest, folded.split(" ").length);
                }
            }
        }
        // Built now, once: queries of a built tree only read it, so threads share it safely.
        tree.build();
        return new AreaIndex(PostgisAreas.inUse(em), tree, parents, byName, longest);
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    /**
     * @param em        the entity manager of the current transaction
     * @param latitude  WGS84 latitude
     * @param longitude WGS84 longitude
     * @return the live areas covering the point, boundary included
     */
    List<String> areasAt(EntityManager em, double latitude, double longitude) {
        return postgis ? PostgisAreas.areasAt(em, latitude, longitude) : areasInMemory(em, latitude, longitude);
    }

    /** {@link #areasAt} by the STRtree and JTS, PostGIS or not: the tests compare both. */
    List<String> areasInMemory(EntityManager em, double latitude, double longitude) {
        Coordinate point = new Coordinate(longitude, latitude);
        List<String> inside = new ArrayList<>();
        for (Object item : tree.query(new Envelope(point))) {
            Entry entry = (Entry) item;
            if (shape(em, entry).covers(point)) {
                inside.add(entry.id());
            }
        }
        return inside;
    }

    /** @return whether positions are routed by PostGIS in this database */
    boolean usesPostgis() {
        return postgis;
    }

    /**
     * @param address a report's address
     * @return the live areas one of whose names the address holds as whole words, case and
     *         accents aside, each once
     */
    List<String> areasNamed(String address) {
        String[] words = AreaNames.fold(address).split(" ");
        List<String> named = new ArrayList<>();
        for (int start = 0; start < words.length; start++) {
            StringBuilder phrase = new StringBuilder();
            for (int end = start; end < words.length && end - start < longestName; end++) {
                if (end > start) {
                    phrase.append(' ');
                }
                phrase.append(words[end]);
                for (String id : byName.getOrDefault(phrase.toString(), List.of())) {
                    if (!named.contains(id)) {
                        named.add(id);
                    }
                }
            }
        }
        return named;
    }

    /**
     * @param id a live area
     * @return its parent, or {@code null} at the top
     */
    String parentOf(String id) {
        return parents.get(id);
    }

    private static AreaShape shape(EntityManager em, Entry entry) {
        String key = entry.id() + ":" + entry.version();
        AreaShape cached = SHAPES.get(key);
        if (cached != null) {
            return cached;
        }
        // The version is read with the text, so an entry never pairs one version with another's polygon.
        Object[] row = (Object[]) em.createNativeQuery("SELECT geometry, version FROM fmq_area WHERE id = ?1")
                .setParameter(1, entry.id()).getSingleResult();
        AreaShape shape = AreaShape.of(Outbox.JSON.createReader(new StringReader(text(row[0]))).readObject());
        if (SHAPE_VERTICES.addAndGet(shape.vertices()) > SHAPE_VERTICES_MAX) {
            SHAPES.clear();
            SHAPE_VERTICES.set(shape.vertices());
        }
        SHAPES.put(entry.id() + ":" + ((Number) row[1]).intValue(), shape);
        return shape;
    }

    /** H2 gives a large text column as a {@link java.sql.Clob}, PostgreSQL as a string. */
    static String text(Object value) {
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
