-- Nearby search, as the server runs it for
-- GET /api/v1/reports?near=:lat,:lon&radius=1000m&status=open&sort=nearest&limit=50
-- (ReportSearch in fmq-domain), in three statements where the server runs two and JTS:
--   1. the lines and zones whose bounding box reaches the circle's box (the box index), with their
--      shape and point: the server's own query, whose rows it decides with JTS;
--   2. what JTS decides, done here in SQL on the box only: the shapes whose box comes within
--      1000 m of the centre (a shape may not, when its box does) and whose point is outside the
--      circle. Their ids go to :ids as an array literal (\gset, read by pgbench and psql alike);
--   3. the search: a bounding box on the indexed latitude and longitude, then the exact haversine
--      distance, or those ids (the server lists them as IN (?, ...)); nearest first, 51 rows to
--      know whether a next page exists. A shape's distance here is the one to the nearest point
--      of its box; the server gives the one to the shape (a CASE r.id WHEN ? THEN ? ... of every
--      shape within the circle).
-- The server then reads the page's 50 reports by primary key, which this ceiling leaves out.
SELECT r.id, r.geometry, r.latitude, r.longitude
FROM fmq_report r
WHERE r.geom_min_lat <= :lat + :dlat AND r.geom_max_lat >= :lat - :dlat AND r.geom_min_lon <= :lon + :dlon AND r.geom_max_lon >= :lon - :dlon
  AND r.hidden_at IS NULL;
SELECT quote_literal(COALESCE(CAST(array_agg(s.id) AS text), '{}')) AS ids
FROM fmq_report s
WHERE s.geom_min_lat <= :lat + :dlat AND s.geom_max_lat >= :lat - :dlat AND s.geom_min_lon <= :lon + :dlon AND s.geom_max_lon >= :lon - :dlon
  AND s.hidden_at IS NULL
  AND CAST(2 * 6371008.8 * ASIN(SQRT(POWER(SIN(RADIANS(s.latitude - :lat) / 2), 2) + COS(RADIANS(:lat)) * COS(RADIANS(s.latitude)) * POWER(SIN(RADIANS(s.longitude - :lon) / 2), 2))) AS DOUBLE PRECISION) > 1000
  AND CAST(2 * 6371008.8 * ASIN(SQRT(POWER(SIN(RADIANS(GREATEST(s.geom_min_lat, LEAST(:lat, s.geom_max_lat)) - :lat) / 2), 2) + COS(RADIANS(:lat)) * COS(RADIANS(GREATEST(s.geom_min_lat, LEAST(:lat, s.geom_max_lat)))) * POWER(SIN(RADIANS(GREATEST(s.geom_min_lon, LEAST(:lon, s.geom_max_lon)) - :lon) / 2), 2))) AS DOUBLE PRECISION) <= 1000 \gset
SELECT r.id, CASE WHEN r.geometry IS NULL THEN CAST(2 * 6371008.8 * ASIN(SQRT(POWER(SIN(RADIANS(r.latitude - :lat) / 2), 2) + COS(RADIANS(:lat)) * COS(RADIANS(r.latitude)) * POWER(SIN(RADIANS(r.longitude - :lon) / 2), 2))) AS DOUBLE PRECISION)
                  ELSE CAST(2 * 6371008.8 * ASIN(SQRT(POWER(SIN(RADIANS(GREATEST(r.geom_min_lat, LEAST(:lat, r.geom_max_lat)) - :lat) / 2), 2) + COS(RADIANS(:lat)) * COS(RADIANS(GREATEST(r.geom_min_lat, LEAST(:lat, r.geom_max_lat)))) * POWER(SIN(RADIANS(GREATEST(r.geom_min_lon, LEAST(:lon, r.geom_max_lon)) - :lon) / 2), 2))) AS DOUBLE PRECISION) END AS distance_m
FROM fmq_report r
WHERE 1 = 1 AND r.hidden_at IS NULL AND r.status = 'open'
  AND ((r.latitude BETWEEN :lat - :dlat AND :lat + :dlat AND r.longitude BETWEEN :lon - :dlon AND :lon + :dlon
        AND CAST(2 * 6371008.8 * ASIN(SQRT(POWER(SIN(RADIANS(r.latitude - :lat) / 2), 2) + COS(RADIANS(:lat)) * COS(RADIANS(r.latitude)) * POWER(SIN(RADIANS(r.longitude - :lon) / 2), 2))) AS DOUBLE PRECISION) <= 1000)
       OR r.id = ANY (CAST(:ids AS VARCHAR[])))
ORDER BY distance_m, r.id
FETCH FIRST 51 ROWS ONLY;
