-- The visible map, as the server runs it for
-- GET /api/v1/reports?bbox=minLon,minLat,maxLon,maxLat&limit=100 (ReportSearch in fmq-domain):
-- reports inside a 2 km x 1 km rectangle around :lat,:lon, newest first, 101 rows, in three
-- statements where the server runs two and JTS:
--   1. the lines and zones whose bounding box meets the rectangle (the box index), with their
--      shape and point: the server's own query, whose rows it decides with JTS;
--   2. what JTS decides, done here in SQL on the box only: those of them whose point is outside
--      the rectangle (the box meeting it, where the server asks whether the shape does). Their ids
--      go to :ids as an array literal (\gset, read by pgbench and psql alike);
--   3. the search: a position inside the rectangle, or one of those ids (the server lists them as
--      IN (?, ...)).
-- The server then reads the page's reports by primary key and writes GeoJSON, which this ceiling
-- leaves out.
SELECT r.id, r.geometry, r.latitude, r.longitude
FROM fmq_report r
WHERE r.geom_min_lat <= :lat + :dlat / 2 AND r.geom_max_lat >= :lat - :dlat / 2 AND r.geom_min_lon <= :lon + :dlon AND r.geom_max_lon >= :lon - :dlon
  AND r.hidden_at IS NULL;
SELECT quote_literal(COALESCE(CAST(array_agg(s.id) AS text), '{}')) AS ids
FROM fmq_report s
WHERE s.geom_min_lat <= :lat + :dlat / 2 AND s.geom_max_lat >= :lat - :dlat / 2 AND s.geom_min_lon <= :lon + :dlon AND s.geom_max_lon >= :lon - :dlon
  AND s.hidden_at IS NULL
  AND NOT (s.latitude BETWEEN :lat - :dlat / 2 AND :lat + :dlat / 2 AND s.longitude BETWEEN :lon - :dlon AND :lon + :dlon) \gset
SELECT r.id
FROM fmq_report r
WHERE 1 = 1 AND r.hidden_at IS NULL
  AND ((r.latitude BETWEEN :lat - :dlat / 2 AND :lat + :dlat / 2 AND r.longitude BETWEEN :lon - :dlon AND :lon + :dlon)
       OR r.id = ANY (CAST(:ids AS VARCHAR[])))
ORDER BY r.created_at DESC, r.id DESC
FETCH FIRST 101 ROWS ONLY;
