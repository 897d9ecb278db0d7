-- One report's page, as the server reads it for GET /api/v1/reports/{id} (a visitor): the report
-- by its key, its photos with their files, the areas it was routed to, its answers to the
-- category's questions, and its body. The report is one of the
-- 10,000 random visible reports of fmq_bench_ids (pgbench/page.pgb), the ones the wrk script asks for.
SELECT r.* FROM fmq_report r WHERE r.id = (SELECT id FROM fmq_bench_ids WHERE k = :k) AND r.hidden_at IS NULL;
SELECT p.id, p.state, p.width, p.height, f.kind, f.media_key, f.width, f.height
FROM fmq_photo p LEFT JOIN fmq_photo_file f ON f.photo_id = p.id
WHERE p.report_id = (SELECT id FROM fmq_bench_ids WHERE k = :k) AND p.comment_id IS NULL AND p.state = 'ready';
SELECT a.id, a.names, a.version FROM fmq_area a
WHERE a.id IN (SELECT ra.area_id FROM fmq_report_area ra WHERE ra.report_id = (SELECT id FROM fmq_bench_ids WHERE k = :k));
SELECT code, seq, answer FROM fmq_report_attribute WHERE report_id = (SELECT id FROM fmq_bench_ids WHERE k = :k) ORDER BY code, seq;
SELECT b.* FROM fmq_body b WHERE b.id = (SELECT body_id FROM fmq_report WHERE id = (SELECT id FROM fmq_bench_ids WHERE k = :k));
