-- Most supported first: what GET /api/v1/reports?sort=votes&limit=50 reads for a visitor (the
-- server's JPQL in ReportService.list: hidden reports left out, ordered by votes, then newest).
SELECT id, title, description, category_code, latitude, longitude, accuracy_m, address, status,
       author_id, author_name, vote_count, created_at, updated_at, version, assigned_to,
       hidden, hidden_at, hidden_by, hidden_reason, merged_into
FROM fmq_report
WHERE hidden_at IS NULL
ORDER BY vote_count DESC, created_at DESC, id DESC
LIMIT 51;
