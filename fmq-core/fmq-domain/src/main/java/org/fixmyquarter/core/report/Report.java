package org.fixmyquarter.core.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.fixmyquarter.core.area.ReportGeometry;
import org.fixmyquarter.core.moderation.Hiding;

/**
 * A problem reported by a citizen at a position, or, when the citizen gave none (geolocation
 * refused), at an address or in an area named in {@link #getAddress()}.
 *
 * <p>Created through {@link ReportService#create}; its status only changes through
 * {@link ReportService#changeStatus}, which records a {@link StatusChange} each time.
 */
@Entity
@Table(name = "fmq_report")
public class Report {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "title", nullable = false, length = 200)
    private String title;

    @Column(name = "description", length = 5000)
    private String description;

    @Column(name = "category_code", nullable = false, length = 64)
    private String category;

    @Column(name = "latitude")
    private Double latitude;

    @Column(name = "longitude")
    private Double longitude;

    /** A line or zone as GeoJSON ({@link ReportGeometry}), or {@code null} for a point or an address. */
    @Column(name = "geometry", length = 40000)
    private String geometry;

    @Column(name = "geom_min_lat")
    private Double geometryMinLat;

    @Column(name = "geom_max_lat")
    private Double geometryMaxLat;

    @Column(name = "geom_min_lon")
    private Double geometryMinLon;

    @Column(name = "geom_max_lon")
    private Double geometryMaxLon;

    @Column(name = "accuracy_m")
    private Double accuracyMeters;

    @Column(name = "address", length = 500)
    private String address;

    @Column(name = "status", nullable = false, length = 20)
    private String status;

    @Column(name = "author_id", nullable = false, length = 64)
    private String authorId;

    @Column(name = "author_name", nullable = false, length = 100)
    private String authorName;

    @Column(name = "assigned_to", length = 100)
    private String assignedTo;

    @Column(name = "vote_count", nullable = false)
    private int voteCount;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "merged_into", length = 32)
    private String mergedInto;

    @Column(name = "api_key_id", length = 32)
    private String apiKeyId;

    @Column(name = "body_id", length = 32)
    private String bodyId;

    @Embedded
    private Hiding hiding = new Hiding();

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    /** For JPA only. */
    protected Report() {
    }

    Report(String id, NewReport content, ReportGeometry shape, String authorId, String authorName, Instant now) {
        this.id = id;
        this.title = content.title().strip();
        this.description = blankToNull(content.description());
        this.category = content.category();
        if (shape != null) {
            // The representative point: every client that reads only a position still places it.
            this.latitude = shape.latitude();
            this.longitude = shape.longitude();
            this.geometry = shape.geoJson();
            this.geometryMinLat = shape.minLat();
            this.geometryMaxLat = shape.maxLat();
            this.geometryMinLon = shape.minLon();
            this.geometryMaxLon = shape.maxLon();
        } else {
            this.latitude = content.latitude();
            this.longitude = content.longitude();
        }
        this.accuracyMeters = content.accuracyMeters();
        this.address = blankToNull(content.address());
        this.status = ReportStatus.OPEN.wireName();
        this.authorId = authorId;
        this.authorName = authorName;
        this.createdAt = now.atOffset(ZoneOffset.UTC);
        this.updatedAt = this.createdAt;
    }

    void sentWith(String apiKeyId) {
        this.apiKeyId = apiKeyId;
    }

    /** At creation: the body routing chose; not a change of the report. */
    void routedTo(String body) {
        this.bodyId = body;
    }

    void handOver(String body, Instant now) {
        this.bodyId = body;
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    void moveTo(ReportStatus target, Instant now) {
        this.status = target.wireName();
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    void assignTo(String team, Instant now) {
        this.assignedTo = team;
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    void votesChanged(int delta) {
        this.voteCount += delta;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** @return the opaque, URL-safe identifier */
    public String getId() {
        return id;
    }

    /** @return the short summary, 1 to 200 characters */
    public String getTitle() {
        return title;
    }

    /** @return the details, or {@code null} if none were given */
    public String getDescription() {
        return description;
    }

    /** @return the category code */
    public String getCategory() {
        return category;
    }

    /**
     * @return the report's line or zone as GeoJSON text (a {@code LineString} or {@code Polygon}),
     *         or {@code null} for a report at a point or an address; its
     *         {@linkplain #getLatitude() position} is then the shape's representative point
     */
    public String getGeometry() {
        return geometry;
    }

    /**
     * Whether the report was made at a position; without one, the address says where it is and
     * distance filters leave it out.
     *
     * @return {@code true} if it has a latitude and a longitude
     */
    public boolean hasPosition() {
        return latitude != null && longitude != null;
    }

    /** @return WGS84 latitude in degrees, or {@code null} if the report has no position */
    public Double getLatitude() {
        return latitude;
    }

    /** @return WGS84 longitude in degrees, or {@code null} if the report has no position */
    public Double getLongitude() {
        return longitude;
    }

    /** @return the accuracy of the position in metres, or {@code null} if unknown or without position */
    public Double getAccuracyMeters() {
        return accuracyMeters;
    }

    /**
     * @return the postal address, landmark or area the reporter gave, or {@code null}; never
     *         {@code null} for a report without a position
     */
    public String getAddress() {
        return address;
    }

    /** @return the current status */
    public ReportStatus getStatus() {
        return ReportStatus.fromWireName(status).orElseThrow();
    }

    /** @return the identifier of the reporter, or {@code "anonymous"} */
    public String getAuthorId() {
        return authorId;
    }

    /** @return the name shown for the reporter */
    public String getAuthorName() {
        return authorName;
    }

    /**
     * @return the id of the body responsible for the report (routed at creation, or the one it was
     *         moved to), or {@code null} when no body handles it
     */
    public String getBodyId() {
        return bodyId;
    }

    /** @return the team or body the report is assigned to, or {@code null} */
    public String getAssignedTo() {
        return assignedTo;
    }

    /** @return the number of supporting votes */
    public int getVoteCount() {
        return voteCount;
    }

    /** @return when the report was created, in UTC, to the microsecond */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** @return when the report last changed, in UTC, to the microsecond */
    public Instant getUpdatedAt() {
        return updatedAt.toInstant();
    }

    /** @return a number that grows with every change, for entity tags and optimistic locking */
    public long getVersion() {
        return version;
    }

    /** @return whether and why a moderator hid it; never {@code null} */
    public Hiding getHiding() {
        // Its "hidden" column is never NULL, so JPA always reads it; the check only guards a getter.
        return hiding == null ? new Hiding() : hiding;
    }

    /**
     * @return the id of the API key (the Open311 app) that sent the report, or {@code null} for
     *         a report made any other way
     */
    public String getApiKeyId() {
        return apiKeyId;
    }

    /** @return the report this duplicate was merged into, or {@code null} */
    public String getMergedInto() {
        return mergedInto;
    }

    void mergeInto(String original, Instant now) {
        this.mergedInto = original;
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    void votesCounted(int count) {
        this.voteCount = count;
    }
}
