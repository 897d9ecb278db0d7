-- Comments on reports, and the earlier wordings of edited comments.
CREATE TABLE fmq_comment (
    id          VARCHAR(32)              NOT NULL PRIMARY KEY,
    report_id   VARCHAR(32)              NOT NULL REFERENCES fmq_report (id),
    author_id   VARCHAR(64)              NOT NULL,
    author_name VARCHAR(100)             NOT NULL,
    body        VARCHAR(2000)            NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    edited_at   TIMESTAMP WITH TIME ZONE,
    deleted_at  TIMESTAMP WITH TIME ZONE,
    version     BIGINT                   NOT NULL
);

CREATE INDEX fmq_comment_report_idx ON fmq_comment (report_id, created_at);

CREATE TABLE fmq_comment_edit (
    id            VARCHAR(32)              NOT NULL PRIMARY KEY,
    comment_id    VARCHAR(32)              NOT NULL REFERENCES fmq_comment (id),
    previous_body VARCHAR(2000)            NOT NULL,
    edited_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
