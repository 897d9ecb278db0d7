-- Text search, as the server runs it on PostgreSQL for GET /api/v1/reports?q=:word&limit=50
-- (ReportSearch.sql with TextSearch.postgresStored): full-text in the deployment's language
-- ('english' for fmq.i18n.default-locale=en) on the stored column text_english and its GIN index
-- fmq_report_text_english_col_idx, hidden reports left out, newest first. The newest 10,000
-- reports are tried first; only when fewer than 51 of them match are all matches taken from the
-- GIN index and sorted. The words are parsed once, in a sub-select, as the server does (its prepared
-- statement's generic plan would otherwise parse them for every report walked). The server then
-- reads the page's reports by primary key.
WITH recent AS MATERIALIZED (SELECT r.id, r.created_at FROM (SELECT r.* FROM fmq_report r
  WHERE 1 = 1 ORDER BY r.created_at DESC, r.id DESC FETCH FIRST 10000 ROWS ONLY) r
  WHERE 1 = 1 AND r.hidden_at IS NULL AND r.text_english @@ (SELECT plainto_tsquery('english', :word))
  ORDER BY r.created_at DESC, r.id DESC FETCH FIRST 51 ROWS ONLY)
SELECT u.id FROM (SELECT id, created_at FROM recent WHERE (SELECT COUNT(*) FROM recent) = 51
  UNION ALL SELECT * FROM (SELECT r.id, r.created_at FROM fmq_report r
  WHERE (SELECT COUNT(*) FROM recent) < 51 AND r.hidden_at IS NULL
    AND r.text_english @@ (SELECT plainto_tsquery('english', :word)) OFFSET 0) older) u
ORDER BY u.created_at DESC, u.id DESC FETCH FIRST 51 ROWS ONLY;
