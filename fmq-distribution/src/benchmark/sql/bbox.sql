-- The visible map, as the server runs it for
-- GET /api/v1/reports?bbox=minLon,minLat,maxLon,maxLat&limit=100 (ReportSearch.sql): reports
-- inside a 2 km x 1 km rectangle around :lat,:lon, newest first, 101 rows. The server then reads
-- the page's reports by primary key and writes GeoJSON, which this ceiling leaves out.
SELECT r.id
FROM fmq_report r
WHERE 1 = 1 AND r.hidden_at IS NULL
  AND r.latitude BETWEEN :lat - :dlat / 2 AND :lat + :dlat / 2 AND r.longitude BETWEEN :lon - :dlon AND :lon + :dlon
ORDER BY r.created_at DESC, r.id DESC
FETCH FIRST 101 ROWS ONLY;
