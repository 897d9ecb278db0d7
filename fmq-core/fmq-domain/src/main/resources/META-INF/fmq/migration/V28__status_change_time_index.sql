-- A body's service levels (docs/areas.md, "Service levels") read the status changes of the last
-- 90 days: this index bounds that read to those days instead of every report the body ever had.
CREATE INDEX fmq_status_change_changed_idx ON fmq_status_change (changed_at, to_status);
