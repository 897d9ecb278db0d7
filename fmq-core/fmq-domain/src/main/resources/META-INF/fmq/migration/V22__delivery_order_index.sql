-- A webhook delivery waits while an earlier event of the same report still has a pending
-- delivery to the same webhook. Without this index that check reads every pending delivery of
-- the webhook (through fmq_delivery_consumer_idx), so a backlog of n deliveries cost n^2 reads;
-- with it, the check reads the few events of one report and finds their deliveries by
-- fmq_delivery_once (event_id, consumer).
CREATE INDEX fmq_outbox_aggregate_idx ON fmq_outbox_event (aggregate_id, occurred_at);
