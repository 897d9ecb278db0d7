-- Search: the indexes of map and nearby queries, and of the "changed since" filter.
-- A circle is first narrowed to its bounding box: a range of latitude, within one status or not,
-- then longitude; the exact distance decides among the few rows left.
CREATE INDEX fmq_report_status_position_idx ON fmq_report (status, latitude, longitude);
CREATE INDEX fmq_report_position_idx ON fmq_report (latitude, longitude);
CREATE INDEX fmq_report_updated_idx ON fmq_report (updated_at, id);
-- PostgreSQL's full-text index depends on the deployment's language (fmq.search.text-config):
-- the server creates it at start, see SchemaMigration.
