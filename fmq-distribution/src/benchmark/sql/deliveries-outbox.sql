-- The events of the deliveries scenario: :n copies of the outbox row of one report.created event
-- that the API wrote (:'event'), each with a new 32-character id, about a fake report of its own
-- (aggregate_id, and the reportId in the payload), happened now, not yet published: the
-- dispatcher fans them out and delivers them as if :n reports had just been created, without the
-- report API competing with the deliveries for the CPU. One transaction.
-- psql -v n=20000 -v event=<id> -f deliveries-outbox.sql
BEGIN;
INSERT INTO fmq_outbox_event (id, event_type, aggregate_id, payload, occurred_at, published_at, attempts)
SELECT md5('bench-event-' || e.id || '-' || g), e.event_type, fake.report,
       replace(e.payload, e.aggregate_id, fake.report), clock_timestamp(), NULL, 0
FROM fmq_outbox_event e, generate_series(1, :n) g,
     LATERAL (SELECT md5('bench-report-' || e.id || '-' || g) AS report) fake
WHERE e.id = :'event';
COMMIT;
