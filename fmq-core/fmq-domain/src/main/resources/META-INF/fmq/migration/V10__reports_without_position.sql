-- A report may be made without a position when the citizen refuses geolocation: it then says
-- where it is in its address (a street, a landmark or the name of an area). Distance and map
-- queries compare the coordinates, so such a report never matches them.
ALTER TABLE fmq_report ALTER COLUMN latitude DROP NOT NULL;
ALTER TABLE fmq_report ALTER COLUMN longitude DROP NOT NULL;
-- Both coordinates or neither, and somewhere to find the problem either way.
ALTER TABLE fmq_report ADD CONSTRAINT fmq_report_position_pair_ck
    CHECK ((latitude IS NULL AND longitude IS NULL) OR (latitude IS NOT NULL AND longitude IS NOT NULL));
ALTER TABLE fmq_report ADD CONSTRAINT fmq_report_located_ck
    CHECK (latitude IS NOT NULL OR address IS NOT NULL);
