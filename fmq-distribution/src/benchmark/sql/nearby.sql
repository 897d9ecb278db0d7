-- Nearby search, exactly as the server runs it for
-- GET /api/v1/reports?near=:lat,:lon&radius=1000m&status=open&sort=nearest&limit=50
-- (ReportSearch.sql in fmq-domain): a bounding box on the indexed latitude and longitude, then the
-- exact haversine distance, nearest first, 51 rows to know whether a next page exists. The server
-- then reads the page's 50 reports by primary key, which this ceiling leaves out.
SELECT r.id, CAST(2 * 6371008.8 * ASIN(SQRT(POWER(SIN(RADIANS(r.latitude - :lat) / 2), 2) + COS(RADIANS(:lat)) * COS(RADIANS(r.latitude)) * POWER(SIN(RADIANS(r.longitude - :lon) / 2), 2))) AS DOUBLE PRECISION) AS distance_m
FROM fmq_report r
WHERE 1 = 1 AND r.hidden_at IS NULL AND r.status = 'open'
  AND r.latitude BETWEEN :lat - :dlat AND :lat + :dlat AND r.longitude BETWEEN :lon - :dlon AND :lon + :dlon
  AND CAST(2 * 6371008.8 * ASIN(SQRT(POWER(SIN(RADIANS(r.latitude - :lat) / 2), 2) + COS(RADIANS(:lat)) * COS(RADIANS(r.latitude)) * POWER(SIN(RADIANS(r.longitude - :lon) / 2), 2))) AS DOUBLE PRECISION) <= 1000
ORDER BY distance_m, r.id
FETCH FIRST 51 ROWS ONLY;
