package org.fixmyquarter.core.photo;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One file served for a {@link Photo}: its {@linkplain #THUMBNAIL thumbnail}, {@linkplain #MEDIUM
 * medium} size or {@linkplain #ORIGINAL original}, redacted when the photo is, and for a redacted
 * photo its {@linkplain #UNREDACTED unredacted} original, which only staff see. Each is a JPEG
 * without metadata, named in the media store by the SHA-256 of its bytes, so that an address
 * always serves the same bytes and caches may keep them for good.
 */
@Entity
@Table(name = "fmq_photo_file")
@IdClass(PhotoFile.Key.class)
public class PhotoFile {

    /** About 320 pixels on the longest edge, for lists and maps. */
    public static final String THUMBNAIL = "thumbnail";
    /** About 1280 pixels on the longest edge, for the report's page. */
    public static final String MEDIUM = "medium";
    /** Full size; public or staff-only as the deployment chooses ({@link PhotoSettings#originalPublic()}). */
    public static final String ORIGINAL = "original";
    /** The full-size photo before redaction: staff only. */
    public static final String UNREDACTED = "unredacted";

    /** The kinds the public may be shown, smallest first. */
    public static final List<String> PUBLIC_KINDS = List.of(THUMBNAIL, MEDIUM, ORIGINAL);

    /** The media type of every file. */
    public static final String MEDIA_TYPE = "image/jpeg";

    @Id
    @Column(name = "photo_id", length = 32)
    private String photoId;

    @Id
    @Column(name = "kind", length = 16)
    private String kind;

    @Column(name = "sha256", nullable = false, length = 64)
    private String sha256;

    @Column(name = "media_key", nullable = false, length = 200)
    private String mediaKey;

    @Column(name = "width", nullable = false)
    private int width;

    @Column(name = "height", nullable = false)
    private int height;

    @Column(name = "byte_size", nullable = false)
    private long size;

    /** For JPA only. */
    protected PhotoFile() {
    }

    PhotoFile(String photoId, String kind, String sha256, int width, int height, long size) {
        this.photoId = photoId;
        this.kind = kind;
        this.sha256 = sha256;
        this.mediaKey = keyOf(sha256);
        this.width = width;
        this.height = height;
        this.size = size;
    }

    /**
     * @param sha256 a file's SHA-256, lowercase hex
     * @return where a file with that content lives in the media store
     */
    public static String keyOf(String sha256) {
        return "photos/" + sha256.substring(0, 2) + "/" + sha256 + ".jpg";
    }

    /**
     * Where a file only staff may see lives: under another prefix than published files, so that a
     * store with a public address (a CDN, a public bucket) never serves it, not even at an
     * address that was public before (an original that a redaction made staff-only).
     *
     * @param sha256 a file's SHA-256, lowercase hex
     * @return its key in the media store
     */
    public static String privateKeyOf(String sha256) {
        return "private/" + sha256.substring(0, 2) + "/" + sha256 + ".jpg";
    }

    /** @return whether the file is stored under the staff-only prefix */
    boolean isPrivate() {
        return mediaKey.startsWith("private/");
    }

    void moveTo(String key) {
        this.mediaKey = key;
    }

    /** @return the photo */
    public String getPhotoId() {
        return photoId;
    }

    /** @return {@link #THUMBNAIL}, {@link #MEDIUM}, {@link #ORIGINAL} or {@link #UNREDACTED} */
    public String getKind() {
        return kind;
    }

    /** @return the SHA-256 of its bytes, lowercase hex: its public name */
    public String getSha256() {
        return sha256;
    }

    /** @return its key in the media store */
    public String getMediaKey() {
        return mediaKey;
    }

    /** @return its width in pixels */
    public int getWidth() {
        return width;
    }

    /** @return its height in pixels */
    public int getHeight() {
        return height;
    }

    /** @return its length in bytes */
    public long getSize() {
        return size;
    }

    /** The primary key: a photo has one file of each kind. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String photoId;
        private String kind;

        /** For JPA only. */
        public Key() {
        }

        /**
         * @param photoId the photo
         * @param kind    the kind of file
         */
        public Key(String photoId, String kind) {
            this.photoId = photoId;
            this.kind = kind;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Objects.equals(photoId, ((Key) o).photoId) && Objects.equals(kind, ((Key) o).kind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(photoId, kind);
        }
    }
}
