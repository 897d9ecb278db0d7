-- Handles for @mentions, follows of reports and areas, official replies, assignment, the kinds of
-- history entries, personal deliveries and the in-app inbox.

-- A handle is what others type after @ to mention someone: lower case letters, digits and _.
-- Existing accounts get one from their id; they can choose another (PATCH /auth/me).
ALTER TABLE fmq_user ADD COLUMN handle VARCHAR(30);
UPDATE fmq_user SET handle = 'user_' || LOWER(REPLACE(REPLACE(SUBSTRING(id, 1, 12), '-', '0'), '_', '0'));
ALTER TABLE fmq_user ALTER COLUMN handle SET NOT NULL;
CREATE UNIQUE INDEX fmq_user_handle_unique ON fmq_user (handle);

-- Who follows a report; reporters follow their own reports.
CREATE TABLE fmq_report_follow (
    report_id  VARCHAR(32)              NOT NULL REFERENCES fmq_report (id),
    user_id    VARCHAR(64)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (report_id, user_id)
);
CREATE INDEX fmq_report_follow_user_idx ON fmq_report_follow (user_id);
INSERT INTO fmq_report_follow (report_id, user_id, created_at)
    SELECT id, author_id, created_at FROM fmq_report WHERE author_id <> 'anonymous';

-- An area someone follows: a circle around a point. The bounding box of the circle is stored so
-- that matching a new report's position starts with an indexed range test.
CREATE TABLE fmq_area_follow (
    id         VARCHAR(32)              NOT NULL PRIMARY KEY,
    user_id    VARCHAR(64)              NOT NULL,
    name       VARCHAR(100)             NOT NULL,
    latitude   DOUBLE PRECISION         NOT NULL,
    longitude  DOUBLE PRECISION         NOT NULL,
    radius_m   INTEGER                  NOT NULL,
    min_lat    DOUBLE PRECISION         NOT NULL,
    max_lat    DOUBLE PRECISION         NOT NULL,
    min_lon    DOUBLE PRECISION         NOT NULL,
    max_lon    DOUBLE PRECISION         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX fmq_area_follow_user_idx ON fmq_area_follow (user_id);
CREATE INDEX fmq_area_follow_box_idx ON fmq_area_follow (min_lat, max_lat);

-- Replies staff post on behalf of the responsible body.
ALTER TABLE fmq_comment ADD COLUMN official BOOLEAN DEFAULT FALSE NOT NULL;

-- The team or body a report is assigned to.
ALTER TABLE fmq_report ADD COLUMN assigned_to VARCHAR(100);

-- The public history holds more than status moves: 'status', 'assigned' (detail: the team),
-- 'merged' (detail: the report this one was merged into).
ALTER TABLE fmq_status_change ADD COLUMN kind VARCHAR(20) DEFAULT 'status' NOT NULL;
ALTER TABLE fmq_status_change ADD COLUMN detail VARCHAR(200);

-- Personal channels get one delivery per person: recipient_id is '' for a channel's own
-- destination, so that the unique constraint also holds there (NULLs would all be distinct).
ALTER TABLE fmq_delivery ADD COLUMN recipient_id VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE fmq_delivery ADD COLUMN reason VARCHAR(30);
ALTER TABLE fmq_delivery DROP CONSTRAINT fmq_delivery_once;
ALTER TABLE fmq_delivery ADD CONSTRAINT fmq_delivery_once UNIQUE (event_id, consumer, recipient_id);

-- The in-app inbox: what the built-in in-app channel delivered, once per person and event.
CREATE TABLE fmq_notification (
    id         VARCHAR(32)              NOT NULL PRIMARY KEY,
    user_id    VARCHAR(64)              NOT NULL,
    event_id   VARCHAR(32)              NOT NULL,
    event_type VARCHAR(64)              NOT NULL,
    report_id  VARCHAR(32)              NOT NULL,
    reason     VARCHAR(30)              NOT NULL,
    subject    VARCHAR(300)             NOT NULL,
    body       VARCHAR(4000)            NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    read_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT fmq_notification_once UNIQUE (user_id, event_id)
);
CREATE INDEX fmq_notification_user_idx ON fmq_notification (user_id, created_at, id);
