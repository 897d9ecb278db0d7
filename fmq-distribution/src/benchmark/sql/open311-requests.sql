-- Open311 GeoReport v2's GET requests.json without parameters, as the server runs it
-- (Open311Resource.requests): the visible requests created in the last 90 days, newest first, at
-- most 1,000, and the last status change of each, whose reason is the answer's status_notes.
WITH page AS (
    SELECT r.id, r.status, r.category_code, r.description, r.address, r.latitude, r.longitude,
           r.created_at, r.updated_at, r.body_id
    FROM fmq_report r
    WHERE r.hidden_at IS NULL AND r.created_at >= now() - interval '90 days'
    ORDER BY r.created_at DESC, r.id DESC
    FETCH FIRST 1000 ROWS ONLY)
SELECT p.*, s.reason, s.changed_at
FROM page p
LEFT JOIN LATERAL (SELECT c.reason, c.changed_at FROM fmq_status_change c WHERE c.report_id = p.id
                   ORDER BY c.changed_at DESC FETCH FIRST 1 ROW ONLY) s ON true;
