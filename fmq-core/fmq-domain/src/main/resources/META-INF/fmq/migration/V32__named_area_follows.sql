-- Following a named area (a district imported by an administrator) instead of a circle: the
-- follower hears of every new report routed to it. The circle's columns keep the area's bounding
-- box and its centre, with a radius of 0, so nothing else of the table changes.
ALTER TABLE fmq_area_follow ADD COLUMN area_id VARCHAR(32);
CREATE INDEX fmq_area_follow_area_idx ON fmq_area_follow (area_id);
