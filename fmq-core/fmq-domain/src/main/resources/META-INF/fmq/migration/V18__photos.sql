-- Photos of reports and comments. The upload is kept under upload_key, private, until the photo
-- job has made its served files (fmq_photo_file); then it is deleted, since it still carries the
-- camera's metadata (GPS position, serial number).
CREATE TABLE fmq_photo (
    id            VARCHAR(32)              NOT NULL PRIMARY KEY,
    report_id     VARCHAR(32)              NOT NULL REFERENCES fmq_report (id),
    -- Set for a photo attached to a comment; report_id is then the comment's report.
    comment_id    VARCHAR(32)              REFERENCES fmq_comment (id),
    uploader_id   VARCHAR(32)              NOT NULL,
    -- processing, ready or failed
    state         VARCHAR(16)              NOT NULL,
    failure       VARCHAR(500),
    -- jpeg, png or webp: what the upload was found to be by its content
    upload_format VARCHAR(8)               NOT NULL,
    upload_key    VARCHAR(200),
    upload_size   BIGINT                   NOT NULL,
    -- As displayed, after the camera's orientation is applied.
    width         INTEGER                  NOT NULL,
    height        INTEGER                  NOT NULL,
    -- A JSON array of rectangles {x, y, width, height} in fractions of the image, blurred in every
    -- public file; NULL when the photo is not redacted.
    redaction     VARCHAR(4000),
    hidden        BOOLEAN                  DEFAULT FALSE NOT NULL,
    hidden_at     TIMESTAMP WITH TIME ZONE,
    hidden_by     VARCHAR(100),
    hidden_reason VARCHAR(500),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    processed_at  TIMESTAMP WITH TIME ZONE,
    version       BIGINT                   DEFAULT 0 NOT NULL
);

CREATE INDEX fmq_photo_report_idx ON fmq_photo (report_id, created_at);
CREATE INDEX fmq_photo_comment_idx ON fmq_photo (comment_id);
-- The per-person daily quota counts a person's recent uploads.
CREATE INDEX fmq_photo_uploader_idx ON fmq_photo (uploader_id, created_at);

-- The files served for a photo: thumbnail, medium and original (redacted when the photo is), and
-- for a redacted photo the unredacted original, for staff. Named by their content (SHA-256), so a
-- file never changes under its address and caches may keep it for good.
CREATE TABLE fmq_photo_file (
    photo_id   VARCHAR(32)  NOT NULL REFERENCES fmq_photo (id),
    kind       VARCHAR(16)  NOT NULL,
    sha256     VARCHAR(64)  NOT NULL,
    media_key  VARCHAR(200) NOT NULL,
    width      INTEGER      NOT NULL,
    height     INTEGER      NOT NULL,
    byte_size  BIGINT       NOT NULL,
    PRIMARY KEY (photo_id, kind)
);

CREATE INDEX fmq_photo_file_sha_idx ON fmq_photo_file (sha256);
