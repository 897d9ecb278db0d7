-- Text search, as the server runs it on PostgreSQL for GET /api/v1/reports?q=:word&limit=50
-- (ReportSearch.sql with TextSearch): full-text in the deployment's language ('english' for
-- fmq.i18n.default-locale=en), the expression of the GIN index fmq_report_text_english_idx,
-- newest first. The server then reads the page's reports by primary key.
SELECT r.id
FROM fmq_report r
WHERE 1 = 1 AND r.hidden_at IS NULL
  AND to_tsvector('english'::regconfig, r.title || ' ' || COALESCE(r.description, '')) @@ plainto_tsquery('english', :word)
ORDER BY r.created_at DESC, r.id DESC
FETCH FIRST 51 ROWS ONLY;
