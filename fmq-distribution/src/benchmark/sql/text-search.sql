-- Text search in title and description, newest first. :word is one word of the seeded texts
-- (run-benchmark.sh puts a random one of words.txt there). 'simple' does no stemming: replace it
-- with the configuration the server's search ends up using.
SELECT id, title, description, category_code, latitude, longitude, accuracy_m, address, status,
       author_id, author_name, vote_count, created_at, updated_at, version, assigned_to,
       hidden, hidden_at, hidden_by, hidden_reason, merged_into
FROM fmq_report
WHERE hidden_at IS NULL
  AND to_tsvector('simple', title || ' ' || coalesce(description, '')) @@ plainto_tsquery('simple', :word)
ORDER BY created_at DESC, id DESC
LIMIT 51;
