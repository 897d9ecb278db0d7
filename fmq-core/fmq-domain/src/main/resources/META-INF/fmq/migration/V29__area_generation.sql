-- The generation of the set of areas (docs/areas.md, "Routing rules"): one row whose token every
-- import, change and retirement of an area replaces, in the same transaction. Each server keeps
-- the live areas in memory (a spatial index of their boxes, their names) under the token it read
-- them with, and reads this one row per routed report: a new token means the areas changed, on
-- whichever server, and the index is read again. PostGIS's column is not here: it exists only
-- where the extension does, so the server adds it at start-up (core.area.PostgisAreas).
CREATE TABLE fmq_area_generation (
    id          INTEGER     NOT NULL PRIMARY KEY,
    token       VARCHAR(32) NOT NULL
);
INSERT INTO fmq_area_generation (id, token) VALUES (1, 'initial');
