package org.fixmyquarter.core.follow;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.fixmyquarter.core.internal.GreatCircle;

/**
 * An area a person follows: a circle around a point ("500 m around my street"), or a named area an
 * administrator imported (a district, {@link #getAreaId()}). They are told of every new report
 * inside the circle, or routed to the named area.
 */
@Entity
@Table(name = "fmq_area_follow")
public class AreaFollow {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "user_id", nullable = false, length = 64)
    private String userId;

    @Column(name = "name", nullable = false, length = 100)
    private String name;

    @Column(name = "latitude", nullable = false)
    private double latitude;

    @Column(name = "longitude", nullable = false)
    private double longitude;

    @Column(name = "radius_m", nullable = false)
    private int radiusMetres;

    @Column(name = "min_lat", nullable = false)
    private double minLat;

    @Column(name = "max_lat", nullable = false)
    private double maxLat;

    @Column(name = "min_lon", nullable = false)
    private double minLon;

    @Column(name = "max_lon", nullable = false)
    private double maxLon;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** The named area followed, or null for a circle. */
    @Column(name = "area_id", length = 32)
    private String areaId;

    /** For JPA only. */
    protected AreaFollow() {
    }

    AreaFollow(String id, String userId, String name, double latitude, double longitude, int radiusMetres,
               Instant at) {
        this.id = id;
        this.userId = userId;
        this.name = name;
        this.latitude = latitude;
        this.longitude = longitude;
        this.radiusMetres = radiusMetres;
        double[] box = GreatCircle.box(latitude, longitude, radiusMetres);
        this.minLat = box[0];
        this.maxLat = box[1];
        this.minLon = box[2];
        this.maxLon = box[3];
        this.createdAt = at.atOffset(ZoneOffset.UTC);
    }

    /**
     * A named area, kept with its bounding box and the box's centre (radius 0) in the circle's
     * columns; {@link #contains} is false for it: what is routed to the area decides.
     */
    AreaFollow(String id, String userId, String name, String areaId, double minLat, double maxLat, double minLon,
               double maxLon, Instant at) {
        this.id = id;
        this.userId = userId;
        this.name = name;
        this.areaId = areaId;
        this.latitude = (minLat + maxLat) / 2;
        this.longitude = (minLon + maxLon) / 2;
        this.radiusMetres = 0;
        this.minLat = minLat;
        this.maxLat = maxLat;
        this.minLon = minLon;
        this.maxLon = maxLon;
        this.createdAt = at.atOffset(ZoneOffset.UTC);
    }

    /**
     * @param lat a latitude
     * @param lon a longitude
     * @return whether the position lies in this circle; false for a named area
     */
    public boolean contains(double lat, double lon) {
        return areaId == null && GreatCircle.metres(latitude, longitude, lat, lon) <= radiusMetres;
    }

    /** @return the named area followed (see {@code core.area}), or {@code null} for a circle */
    public String getAreaId() {
        return areaId;
    }

    /** @return the area's id */
    public String getId() {
        return id;
    }

    /** @return who follows it */
    public String getUserId() {
        return userId;
    }

    /** @return the name its follower gave it */
    public String getName() {
        return name;
    }

    /** @return the centre's latitude */
    public double getLatitude() {
        return latitude;
    }

    /** @return the centre's longitude */
    public double getLongitude() {
        return longitude;
    }

    /** @return the radius in metres */
    public int getRadiusMetres() {
        return radiusMetres;
    }

    /** @return since when */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }
}
