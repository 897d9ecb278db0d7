-- Nearby search: open reports within 1000 m of (:lat, :lon), nearest first, one page of 50 plus
-- one row to know whether a next page exists. A bounding box on indexed-able columns first, then
-- the exact great-circle distance (haversine, mean Earth radius 6371008.8 m).
-- :dlat and :dlon are the half-sides of the box in degrees (1000 m / 111320 m per degree, the
-- longitude one divided by cos(latitude)). Align this with the server's query once it exists.
SELECT id, title, description, category_code, latitude, longitude, accuracy_m, address, status,
       author_id, author_name, vote_count, created_at, updated_at, version, assigned_to,
       hidden, hidden_at, hidden_by, hidden_reason, merged_into
FROM fmq_report
WHERE hidden_at IS NULL
  AND status = 'open'
  AND latitude BETWEEN :lat - :dlat AND :lat + :dlat
  AND longitude BETWEEN :lon - :dlon AND :lon + :dlon
  AND 2 * 6371008.8 * ASIN(SQRT(POWER(SIN(RADIANS(latitude - :lat) / 2), 2)
        + COS(RADIANS(:lat)) * COS(RADIANS(latitude)) * POWER(SIN(RADIANS(longitude - :lon) / 2), 2))) <= 1000
ORDER BY 2 * 6371008.8 * ASIN(SQRT(POWER(SIN(RADIANS(latitude - :lat) / 2), 2)
        + COS(RADIANS(:lat)) * COS(RADIANS(latitude)) * POWER(SIN(RADIANS(longitude - :lon) / 2), 2))), id
LIMIT 51;
