package org.fixmyquarter.core.photo;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.fixmyquarter.core.moderation.Hiding;

/**
 * A photo of a report, or of one of its comments. It is {@linkplain #PROCESSING processing} from
 * the upload until the photo job has made its files ({@link PhotoFile}), then {@linkplain #READY
 * ready}, or {@linkplain #FAILED failed} with a reason when the upload cannot be made into a photo.
 */
@Entity
@Table(name = "fmq_photo")
public class Photo {

    /** Uploaded; its files are being made. */
    public static final String PROCESSING = "processing";
    /** Its files are there to be served. */
    public static final String READY = "ready";
    /** It could not be processed; {@link #getFailure()} says why. */
    public static final String FAILED = "failed";

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "report_id", nullable = false, length = 32)
    private String reportId;

    @Column(name = "comment_id", length = 32)
    private String commentId;

    @Column(name = "uploader_id", nullable = false, length = 32)
    private String uploaderId;

    @Column(name = "state", nullable = false, length = 16)
    private String state;

    @Column(name = "failure", length = 500)
    private String failure;

    @Column(name = "upload_format", nullable = false, length = 8)
    private String uploadFormat;

    @Column(name = "upload_key", length = 200)
    private String uploadKey;

    @Column(name = "upload_size", nullable = false)
    private long uploadSize;

    @Column(name = "width", nullable = false)
    private int width;

    @Column(name = "height", nullable = false)
    private int height;

    @Column(name = "redaction", length = 4000)
    private String redaction;

    @Embedded
    private Hiding hiding = new Hiding();

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "processed_at")
    private OffsetDateTime processedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    /** For JPA only. */
    protected Photo() {
    }

    Photo(String id, String reportId, String commentId, String uploaderId, Upload upload, String uploadKey,
          Instant at) {
        this.id = id;
        this.reportId = reportId;
        this.commentId = commentId;
        this.uploaderId = uploaderId;
        this.state = PROCESSING;
        this.uploadFormat = upload.format();
        this.uploadKey = uploadKey;
        this.uploadSize = upload.size();
        this.width = upload.width();
        this.height = upload.height();
        this.createdAt = at.atOffset(ZoneOffset.UTC);
    }

    /** @return the photo's id */
    public String getId() {
        return id;
    }

    /** @return the report it belongs to (for a comment's photo, the comment's report) */
    public String getReportId() {
        return reportId;
    }

    /** @return the comment it is attached to, or {@code null} for a photo of the report itself */
    public String getCommentId() {
        return commentId;
    }

    /** @return the account that uploaded it */
    public String getUploaderId() {
        return uploaderId;
    }

    /** @return {@link #PROCESSING}, {@link #READY} or {@link #FAILED} */
    public String getState() {
        return state;
    }

    /** @return why processing failed, or {@code null} */
    public String getFailure() {
        return failure;
    }

    /** @return what the upload was found to be by its content: {@code jpeg}, {@code png} or {@code webp} */
    public String getUploadFormat() {
        return uploadFormat;
    }

    /** @return the media-store key of the upload while it waits to be processed, else {@code null} */
    public String getUploadKey() {
        return uploadKey;
    }

    /** @return the size of the upload in bytes */
    public long getUploadSize() {
        return uploadSize;
    }

    /** @return its width in pixels, as displayed */
    public int getWidth() {
        return width;
    }

    /** @return its height in pixels, as displayed */
    public int getHeight() {
        return height;
    }

    /** @return the blurred rectangles as a JSON array, or {@code null} when it is not redacted */
    public String getRedaction() {
        return redaction;
    }

    /** @return whether a moderator hid it, when and why */
    public Hiding getHiding() {
        return hiding == null ? new Hiding() : hiding;
    }

    /** @return when it was uploaded */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** @return when its files were last made, or {@code null} */
    public Instant getProcessedAt() {
        return processedAt == null ? null : processedAt.toInstant();
    }

    /** @return the optimistic-locking version; it changes with every change of the photo */
    public long getVersion() {
        return version;
    }

    void processed(Instant at) {
        this.state = READY;
        this.failure = null;
        this.uploadKey = null;
        this.processedAt = at.atOffset(ZoneOffset.UTC);
    }

    void failed(String reason, Instant at) {
        this.state = FAILED;
        // The upload will never be processed: it must not count as in use, or the photo job keeps
        // it (with the camera's metadata) when it is told to remove it.
        this.uploadKey = null;
        this.failure = reason.length() > 500 ? reason.substring(0, 497) + "..." : reason;
        this.processedAt = at.atOffset(ZoneOffset.UTC);
    }

    void redact(String regionsJson) {
        this.redaction = regionsJson;
        this.state = PROCESSING;
    }
}
