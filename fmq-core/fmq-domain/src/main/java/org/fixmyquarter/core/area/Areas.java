package org.fixmyquarter.core.area;

import java.io.StringReader;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;

/**
 * The use cases of areas: an administrator imports a GeoJSON FeatureCollection of them, changes
 * one's names, time zone or geometry, or retires one; anyone reads them. Every write is checked by
 * {@link Permissions#checkManageAreas} and audited in the caller's transaction.
 *
 * <p>Instances are cheap: create one per transaction.
 */
public final class Areas {

    /** Most features one import may hold. */
    public static final int MAX_FEATURES = 2_000;
    /** Longest name of an area in one language, in characters. */
    public static final int NAME_MAX = LocalizedNames.NAME_MAX;
    /** Longest set of names of one area, as stored JSON text, in characters: the audit entry must hold it. */
    public static final int NAMES_MAX = LocalizedNames.NAMES_MAX;

    private final EntityManager em;
    private final Clock clock;
    private final AuditLog audit;

    /**
     * @param em    the entity manager of the current transaction
     * @param clock the source of "now"
     */
    public Areas(EntityManager em, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(em);
    }

    /**
     * Imports every feature of a GeoJSON FeatureCollection as a new area, or none: the first
     * invalid feature's reasons (and every other invalid feature's) are listed and nothing is
     * stored. Each feature has a Polygon or MultiPolygon geometry and the properties
     * <ul>
     * <li>{@code name}: an object of language tag to name, or a string (a name in
     * {@code defaultLanguage});</li>
     * <li>{@code parent}: optional, the id of an existing area, or the name (in any language) of
     * an area earlier in the same collection or of a live area already stored;</li>
     * <li>{@code timeZone}: an IANA id such as {@code Europe/Paris}; optional under a parent,
     * whose time zone it then takes.</li>
     * </ul>
     *
     * @param collection      the FeatureCollection
     * @param defaultLanguage the language of a name given as a plain string
     * @param by              an administrator
     * @return the new areas, in the collection's order
     * @throws ValidationException naming each invalid feature ({@code features[i]...}) and why
     */
    public List<Area> importAreas(JsonObject collection, Locale defaultLanguage, Actor by) {
        Permissions.checkManageAreas(by);
        Objects.requireNonNull(defaultLanguage, "defaultLanguage");
        List<FieldError> errors = new ArrayList<>();
        JsonValue type = collection == null ? null : collection.get("type");
        JsonValue features = collection == null ? null : collection.get("features");
        if (!(type instanceof JsonString) || !"FeatureCollection".equals(((JsonString) type).getString())) {
            throw new ValidationException("type", "must be \"FeatureCollection\"");
        }
        if (features == null || features.getValueType() != JsonValue.ValueType.ARRAY || features.asJsonArray().isEmpty()) {
            throw new ValidationException("features", "must be a non-empty array of Polygon or MultiPolygon features");
        }
        JsonArray list = features.asJsonArray();
        if (list.size() > MAX_FEATURES) {
            throw new ValidationException("features", "holds " + list.size() + " features; import at most "
                    + MAX_FEATURES + " at a time");
        }
        Instant now = Clocks.now(clock);
        Map<String, List<String>> stored = liveNames();
        Map<String, Area> batch = new HashMap<>();
        List<Area> imported = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "features[" + i + "]";
            JsonValue feature = list.get(i);
            if (feature.getValueType() != JsonValue.ValueType.OBJECT
                    || !(feature.asJsonObject().get("type") instanceof JsonString)
                    || !"Feature".equals(feature.asJsonObject().getString("type"))) {
                errors.add(new FieldError(path, "feature " + i + ": must be a GeoJSON Feature"));
                continue;
            }
            JsonObject object = feature.asJsonObject();
            JsonValue propertiesValue = object.get("properties");
            JsonObject properties = propertiesValue != null && propertiesValue.getValueType() == JsonValue.ValueType.OBJECT
                    ? propertiesValue.asJsonObject() : JsonValue.EMPTY_JSON_OBJECT;
            int before = errors.size();
            Map<String, String> names = names(properties.get("name"), defaultLanguage, path + ".properties.name", errors);
            String label = "feature " + i + (names == null ? "" : " (" + names.values().iterator().next() + ")");
            Area parent = parent(properties.get("parent"), batch, stored, path + ".properties.parent", errors);
            JsonValue zone = properties.get("timeZone");
            // An unknown parent is reported once, not again as a missing time zone.
            boolean parentUnknown = parent == null && errors.size() > before
                    && errors.get(errors.size() - 1).field().endsWith(".parent");
            String timeZone = parentUnknown && zone == null ? null
                    : timeZone(zone, parent, path + ".properties.timeZone", errors);
            AreaGeometry geometry = geometry(object.get("geometry"), path + ".geometry", errors);
            labelErrors(errors, before, label);
            if (errors.size() > before) {
                continue;
            }
            Area area = new Area(Ids.newId(), parent == null ? null : parent.getId(), names, timeZone, geometry, now);
            imported.add(area);
            for (String name : names.values()) {
                batch.putIfAbsent(name.toLowerCase(Locale.ROOT), area);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        for (Area area : imported) {
            em.persist(area);
            // One at a time, parents first: the provider orders the inserts of one flush as it
            // likes, and the parent's foreign key is checked row by row.
            em.flush();
        }
        AreaIndex.changed(em);
        for (Area area : imported) {
            audit.record(by, "area.imported", "area", area.getId(), null, state(area), now);
        }
        return imported;
    }

    /**
     * Changes what is given of an area; {@code null} leaves a part as it is. A new geometry routes
     * the reports created from now on; those already routed keep their areas.
     *
     * @param id              the area
     * @param names           new names (as in {@link #importAreas}), or {@code null}
     * @param timeZone        a new IANA time zone id, or {@code null}
     * @param geometry        a new GeoJSON Polygon or MultiPolygon, or {@code null}
     * @param defaultLanguage the language of a name given as a plain string
     * @param by              an administrator
     * @return the changed area
     * @throws NotFoundException   if there is no such area
     * @throws ConflictException   if it is retired
     * @throws ValidationException naming each invalid part and why
     */
    public Area change(String id, JsonValue names, JsonValue timeZone, JsonValue geometry, Locale defaultLanguage,
                       Actor by) {
        Permissions.checkManageAreas(by);
        Area area = find(id, true);
        if (area.isRetired()) {
            throw new ConflictException("area-retired", "The area " + id + " is retired; import a new one instead.");
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> newNames = names == null ? null : names(names, defaultLanguage, "name", errors);
        String zone = timeZone == null ? null : timeZone(timeZone, area, "timeZone", errors);
        AreaGeometry newGeometry = geometry == null ? null : geometry(geometry, "geometry", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        JsonObject before = state(area);
        Instant now = Clocks.now(clock);
        area.change(newNames, zone, newGeometry, now);
        em.flush();
        AreaIndex.changed(em);
        audit.record(by, "area.changed", "area", area.getId(), before, state(area), now);
        return area;
    }

    /**
     * Retires an area: it routes no new report, is left out of {@link #list()}, and keeps the
     * reports routed to it (they still show it, and {@code area=} still finds them). Retiring a
     * retired area changes nothing.
     *
     * @param id the area
     * @param by an administrator
     * @return the retired area
     * @throws NotFoundException if there is no such area
     * @throws ConflictException if live areas are nested in it: retire those first
     */
    public Area retire(String id, Actor by) {
        Permissions.checkManageAreas(by);
        Area area = find(id, true);
        if (area.isRetired()) {
            return area;
        }
        long children = em.createQuery("SELECT COUNT(a) FROM Area a WHERE a.parentId = :id AND a.retiredAt IS NULL",
                Long.class).setParameter("id", id).getSingleResult();
        if (children > 0) {
            throw new ConflictException("area-has-children", "The area " + id + " holds " + children
                    + " live areas; retire them first.");
        }
        JsonObject before = state(area);
        Instant now = Clocks.now(clock);
        area.retire(now);
        em.flush();
        AreaIndex.changed(em);
        audit.record(by, "area.retired", "area", area.getId(), before, state(area), now);
        return area;
    }

    /**
     * @return every live area, parents before their children, then in the order they were imported
     */
    public List<Area> list() {
        List<Area> all = em.createQuery("SELECT a FROM Area a WHERE a.retiredAt IS NULL ORDER BY a.createdAt, a.id",
                Area.class).getResultList();
        return parentsFirst(all);
    }

    /**
     * @param id an area id
     * @return the area, retired or not
     * @throws NotFoundException if there is none with that id
     */
    public Area get(String id) {
        return find(id, false);
    }

    /**
     * @param em the entity manager of the current transaction
     * @param id an area id
     * @return whether an area, retired or not, has that id
     */
    public static boolean exists(EntityManager em, String id) {
        return id != null && em.find(Area.class, id) != null;
    }

    /**
     * The areas a report was routed to when it was created, retired ones included.
     *
     * @param reportId a report id
     * @return its areas, the largest (country, city) first
     */
    public List<Area> ofReport(String reportId) {
        List<Area> areas = em.createQuery("SELECT a FROM Area a WHERE a.id IN (SELECT ra.areaId FROM ReportArea ra"
                + " WHERE ra.reportId = :report)", Area.class).setParameter("report", reportId).getResultList();
        return largestFirst(areas);
    }

    private static List<Area> largestFirst(List<Area> areas) {
        List<Area> sorted = new ArrayList<>(areas);
        sorted.sort(Comparator.comparingDouble((Area a) -> -(a.getMaxLat() - a.getMinLat()) * (a.getMaxLon() - a.getMinLon()))
                .thenComparing(Area::getId));
        return sorted;
    }

    private static List<Area> parentsFirst(List<Area> all) {
        Map<String, Area> byId = new LinkedHashMap<>();
        all.forEach(a -> byId.put(a.getId(), a));
        List<Area> ordered = new ArrayList<>();
        Map<String, Boolean> placed = new HashMap<>();
        for (Area area : all) {
            place(area, byId, placed, ordered);
        }
        return ordered;
    }

    private static void place(Area area, Map<String, Area> byId, Map<String, Boolean> placed, List<Area> ordered) {
        if (placed.putIfAbsent(area.getId(), Boolean.TRUE) != null) {
            return;
        }
        Area parent = area.getParentId() == null ? null : byId.get(area.getParentId());
        if (parent != null) {
            place(parent, byId, placed, ordered);
        }
        ordered.add(area);
    }

    private Area find(String id, boolean lock) {
        Area area = id == null ? null : lock ? em.find(Area.class, id, LockModeType.PESSIMISTIC_WRITE)
                : em.find(Area.class, id);
        if (area == null) {
            throw new NotFoundException("area", id);
        }
        return area;
    }

    /** The names of the live areas already stored, lower case, to the ids of the areas bearing them. */
    private Map<String, List<String>> liveNames() {
        Map<String, List<String>> names = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, names FROM fmq_area WHERE retired_at IS NULL")
                .getResultList();
        for (Object[] row : rows) {
            try (var reader = Outbox.JSON.createReader(new StringReader((String) row[1]))) {
                for (JsonValue name : reader.readObject().values()) {
                    names.computeIfAbsent(((JsonString) name).getString().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add((String) row[0]);
                }
            }
        }
        return names;
    }

    private static void labelErrors(List<FieldError> errors, int from, String label) {
        for (int i = from; i < errors.size(); i++) {
            FieldError e = errors.get(i);
            errors.set(i, new FieldError(e.field(), label + ": " + e.message()));
        }
    }

    private static Map<String, String> names(JsonValue value, Locale defaultLanguage, String path,
                                             List<FieldError> errors) {
        return LocalizedNames.parse(value, defaultLanguage, path, errors);
    }

    private Area parent(JsonValue value, Map<String, Area> batch, Map<String, List<String>> stored, String path,
                        List<FieldError> errors) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString)) {
            errors.add(new FieldError(path, "must be the id or the name of an area"));
            return null;
        }
        String ref = ((JsonString) value).getString().strip();
        Area byId = ref.isEmpty() ? null : em.find(Area.class, ref);
        if (byId != null && !byId.isRetired()) {
            return byId;
        }
        String key = ref.toLowerCase(Locale.ROOT);
        if (batch.containsKey(key)) {
            return batch.get(key);
        }
        List<String> ids = stored.getOrDefault(key, List.of());
        if (ids.size() == 1) {
            return em.find(Area.class, ids.get(0));
        }
        errors.add(new FieldError(path, ids.isEmpty()
                ? "names no live area, nor one earlier in this collection: \"" + ref + "\""
                : "\"" + ref + "\" names " + ids.size() + " areas; give the parent's id"));
        return null;
    }

    private static String timeZone(JsonValue value, Area parent, String path, List<FieldError> errors) {
        if (value == null || value == JsonValue.NULL) {
            if (parent != null) {
                return parent.getTimeZone();
            }
            errors.add(new FieldError(path, "is required for an area without a parent: an IANA time zone such as "
                    + "Europe/Paris"));
            return null;
        }
        if (value instanceof JsonString) {
            String id = ((JsonString) value).getString();
            try {
                // Region ids only: a fixed offset would be wrong half the year.
                if (id.contains("/") || "UTC".equals(id)) {
                    return ZoneId.of(id).getId();
                }
            } catch (DateTimeException e) {
                // reported below
            }
        }
        errors.add(new FieldError(path, "must be an IANA time zone such as Europe/Paris"));
        return null;
    }

    private static AreaGeometry geometry(JsonValue value, String path, List<FieldError> errors) {
        try {
            return AreaGeometry.parse(value);
        } catch (AreaGeometry.InvalidGeometryException e) {
            errors.add(new FieldError(path, e.getMessage() + " (" + e.reason() + ")"));
            return null;
        }
    }

    /** What the audit log keeps of an area: everything but the polygon, which is too large. */
    private static JsonObject state(Area area) {
        var json = Outbox.JSON.createObjectBuilder()
                .add("names", LocalizedNames.object(area.getNames()))
                .add("timeZone", area.getTimeZone())
                .add("vertices", area.getVertices())
                .add("bbox", Outbox.JSON.createArrayBuilder().add(area.getMinLon()).add(area.getMinLat())
                        .add(area.getMaxLon()).add(area.getMaxLat()));
        if (area.getParentId() != null) {
            json.add("parent", area.getParentId());
        }
        if (area.getRetiredAt() != null) {
            json.add("retiredAt", area.getRetiredAt().toString());
        }
        return json.build();
    }
}
