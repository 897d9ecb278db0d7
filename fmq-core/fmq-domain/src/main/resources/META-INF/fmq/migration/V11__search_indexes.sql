-- Search: covering indexes, so that a nearby search and a map rectangle are answered from the
-- index alone (PostgreSQL's index-only scan) instead of one random heap read per candidate row.
-- In a dense city a 1 km circle has thousands of candidates in its bounding box: with the V9
-- indexes each one was a heap fetch (about 7,000 blocks per query at a million reports); with
-- these, every column the query reads (the box, the hidden flag, the page order, the id) is in the
-- index, and the distance is computed from the indexed latitude and longitude.
-- Index-only scans need the visibility map: autovacuum keeps it, a bulk load must VACUUM.
-- Rows without a position (NULL latitude or longitude) are indexed but never match a range.
-- Building them locks writes to fmq_report for the time of the build (seconds per million reports).
DROP INDEX fmq_report_status_position_idx;
CREATE INDEX fmq_report_status_position_idx ON fmq_report (status, latitude, longitude, hidden_at, id);
DROP INDEX fmq_report_position_idx;
CREATE INDEX fmq_report_position_idx ON fmq_report (latitude, longitude, hidden_at, created_at, id);
