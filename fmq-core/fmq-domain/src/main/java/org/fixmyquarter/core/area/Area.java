package org.fixmyquarter.core.area;

import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.fixmyquarter.core.internal.Outbox;

/**
 * An area: a polygon or several (a district, a city, a country) with a name per language and a
 * time zone, nested under a parent. Reports are routed to the areas their position lies in
 * ({@link AreaRouting}); a retired area routes no new report but keeps the ones routed to it.
 *
 * <p>Created and changed only through {@link Areas}. The geometry is kept as GeoJSON text with its
 * bounding box beside it, so that routing reads only the areas whose box holds a point.
 */
@Entity
@Table(name = "fmq_area")
public class Area {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "parent_id", length = 32)
    private String parentId;

    @Column(name = "names", nullable = false, length = 4000)
    private String names;

    @Column(name = "time_zone", nullable = false, length = 64)
    private String timeZone;

    // Lazy: lists and the tree never need the polygons, which may be megabytes.
    @Lob
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "geometry", nullable = false)
    private String geometry;

    @Column(name = "vertices", nullable = false)
    private int vertices;

    @Column(name = "min_lat", nullable = false)
    private double minLat;

    @Column(name = "min_lon", nullable = false)
    private double minLon;

    @Column(name = "max_lat", nullable = false)
    private double maxLat;

    @Column(name = "max_lon", nullable = false)
    private double maxLon;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "retired_at")
    private OffsetDateTime retiredAt;

    @Version
    @Column(name = "version", nullable = false)
    private int version;

    /** For JPA. */
    protected Area() {
    }

    Area(String id, String parentId, Map<String, String> names, String timeZone, AreaGeometry geometry, Instant now) {
        this.id = id;
        this.parentId = parentId;
        this.createdAt = now.atOffset(ZoneOffset.UTC);
        change(names, timeZone, geometry, now);
    }

    /** Sets what is given ({@code null}: unchanged); the version rises when JPA writes the row. */
    void change(Map<String, String> newNames, String newTimeZone, AreaGeometry newGeometry, Instant now) {
        if (newNames != null) {
            this.names = LocalizedNames.toJson(newNames);
        }
        if (newTimeZone != null) {
            this.timeZone = newTimeZone;
        }
        if (newGeometry != null) {
            this.geometry = newGeometry.geoJson();
            this.vertices = newGeometry.vertices();
            this.minLat = newGeometry.minLat();
            this.minLon = newGeometry.minLon();
            this.maxLat = newGeometry.maxLat();
            this.maxLon = newGeometry.maxLon();
        }
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    void retire(Instant now) {
        this.retiredAt = now.atOffset(ZoneOffset.UTC);
        this.updatedAt = this.retiredAt;
    }

    /** @return the area's id */
    public String getId() {
        return id;
    }

    /** @return the enclosing area's id, or {@code null} for a top-level area */
    public String getParentId() {
        return parentId;
    }

    /** @return the names by language tag, in the order they were given */
    public Map<String, String> getNames() {
        return LocalizedNames.read(names);
    }

    /**
     * The name for a reader, by the rules of {@link LocalizedNames#pick}.
     *
     * @param reader   the reader's language, or {@code null}
     * @param fallback the deployment's default language, or {@code null}
     * @return a name, never {@code null}
     */
    public String name(Locale reader, Locale fallback) {
        return LocalizedNames.pick(getNames(), reader, fallback);
    }

    /** @return the IANA time zone id, e.g. {@code Europe/Paris} */
    public String getTimeZone() {
        return timeZone;
    }

    /** @return the geometry as a GeoJSON Polygon or MultiPolygon object */
    public JsonObject getGeometry() {
        try (JsonReader reader = Outbox.JSON.createReader(new StringReader(geometry))) {
            return reader.readObject();
        }
    }

    /** @return how many positions the geometry's rings hold */
    public int getVertices() {
        return vertices;
    }

    /** @return the southern edge of the bounding box */
    public double getMinLat() {
        return minLat;
    }

    /** @return the western edge of the bounding box */
    public double getMinLon() {
        return minLon;
    }

    /** @return the northern edge of the bounding box */
    public double getMaxLat() {
        return maxLat;
    }

    /** @return the eastern edge of the bounding box */
    public double getMaxLon() {
        return maxLon;
    }

    /** @return when it was imported */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** @return when its names, time zone or geometry last changed, or it was retired */
    public Instant getUpdatedAt() {
        return updatedAt.toInstant();
    }

    /** @return when it was retired, or {@code null} while it routes reports */
    public Instant getRetiredAt() {
        return retiredAt == null ? null : retiredAt.toInstant();
    }

    /** @return whether it was retired */
    public boolean isRetired() {
        return retiredAt != null;
    }

    /** @return the row's version, raised by every change */
    public int getVersion() {
        return version;
    }

    /** The geometry's text, for the routing cache, without parsing it as JSON. */
    String geometryText() {
        return geometry;
    }
}
