-- Reports along a street or over a zone (docs/areas.md): the line or polygon as GeoJSON, with its
-- bounding box. latitude/longitude keep the shape's representative point, so every reader of a
-- position still places the report; searches pre-filter shapes by their box (indexed), then
-- decide with the shape itself.
ALTER TABLE fmq_report ADD COLUMN geometry VARCHAR(40000);
ALTER TABLE fmq_report ADD COLUMN geom_min_lat DOUBLE PRECISION;
ALTER TABLE fmq_report ADD COLUMN geom_max_lat DOUBLE PRECISION;
ALTER TABLE fmq_report ADD COLUMN geom_min_lon DOUBLE PRECISION;
ALTER TABLE fmq_report ADD COLUMN geom_max_lon DOUBLE PRECISION;
CREATE INDEX fmq_report_geom_box_idx ON fmq_report (geom_min_lat, geom_max_lat, geom_min_lon, geom_max_lon);
