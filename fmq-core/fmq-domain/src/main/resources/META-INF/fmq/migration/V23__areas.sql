-- Areas (docs/areas.md): polygons an administrator imports as GeoJSON, nested country > city >
-- district, and the areas each report was routed to when it was created.
CREATE TABLE fmq_area (
    id          VARCHAR(32)              NOT NULL PRIMARY KEY,
    -- The enclosing area (a district's city), or NULL for a top-level area.
    parent_id   VARCHAR(32)              REFERENCES fmq_area (id),
    -- A JSON object of language tag -> name, e.g. {"en":"Old Town","fr":"Vieille ville"}.
    names       VARCHAR(4000)            NOT NULL,
    -- An IANA time zone id, e.g. Europe/Paris.
    time_zone   VARCHAR(64)              NOT NULL,
    -- The Polygon or MultiPolygon as GeoJSON (RFC 7946), longitude first. TEXT: unbounded on
    -- PostgreSQL, a character large object on H2; an area may have tens of thousands of vertices.
    geometry    TEXT                     NOT NULL,
    vertices    INTEGER                  NOT NULL,
    -- The geometry's bounding box: routing reads only the areas whose box holds the point, then
    -- tests the polygon itself.
    min_lat     DOUBLE PRECISION         NOT NULL,
    min_lon     DOUBLE PRECISION         NOT NULL,
    max_lat     DOUBLE PRECISION         NOT NULL,
    max_lon     DOUBLE PRECISION         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- A retired area routes no new report but keeps the reports routed to it; never deleted.
    retired_at  TIMESTAMP WITH TIME ZONE,
    -- Raised by every change: servers cache prepared geometries by (id, version).
    version     INTEGER                  NOT NULL
);
CREATE INDEX fmq_area_box_idx ON fmq_area (min_lat, max_lat, min_lon, max_lon);
CREATE INDEX fmq_area_parent_idx ON fmq_area (parent_id);

-- The areas a report's position fell in when it was created (every level: district, city...).
CREATE TABLE fmq_report_area (
    report_id   VARCHAR(32)              NOT NULL REFERENCES fmq_report (id),
    area_id     VARCHAR(32)              NOT NULL REFERENCES fmq_area (id),
    PRIMARY KEY (report_id, area_id)
);
-- The search filter area=<id> starts from the area.
CREATE INDEX fmq_report_area_area_idx ON fmq_report_area (area_id, report_id);
