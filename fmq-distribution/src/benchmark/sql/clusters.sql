-- The map's clusters, as the server runs them for
-- GET /api/v1/reports/clusters?bbox=minLon,minLat,maxLon,maxLat&zoom=12 (ReportSearch.clusterSql):
-- the visible reports counted per grid cell, with the mean position and the smallest id, from the
-- columns of fmq_report_position_idx alone. The server then reads the title, status and category
-- of the reports alone in their cell (5 of the 173 cells over Paris at this zoom) and writes
-- GeoJSON, which this ceiling leaves out.
SELECT COUNT(*), AVG(c.latitude), AVG(c.longitude), MIN(c.id)
FROM (SELECT FLOOR(r.longitude / :cell) AS cell_x, FLOOR(r.latitude / :cell) AS cell_y, r.id, r.latitude, r.longitude
      FROM fmq_report r
      WHERE r.latitude IS NOT NULL AND r.longitude IS NOT NULL AND r.hidden_at IS NULL
        AND r.latitude BETWEEN :lat - :dlat AND :lat + :dlat AND r.longitude BETWEEN :lon - :dlon AND :lon + :dlon) c
GROUP BY c.cell_y, c.cell_x
ORDER BY c.cell_y, c.cell_x;
