-- Most supported first, as the server runs it for GET /api/v1/reports?sort=votes&limit=50
-- (ReportSearch.sql): hidden reports left out, by votes, then newest. The server then reads the
-- page's reports by primary key; the vote count makes the next page's cursor.
SELECT r.id, r.vote_count
FROM fmq_report r
WHERE 1 = 1 AND r.hidden_at IS NULL
ORDER BY r.vote_count DESC, r.created_at DESC, r.id DESC
FETCH FIRST 51 ROWS ONLY;
