-- The table the pgbench ceiling of the deliveries scenario works on (pgbench/deliver.pgb): a copy
-- of fmq_delivery with its columns, defaults and indexes (not its foreign key: the rows name no
-- real event), holding :n pending deliveries to one webhook, due now, as the dispatcher's fan-out
-- leaves them. psql -v n=20000 -f deliveries-ceiling.sql
DROP TABLE IF EXISTS fmq_bench_delivery;
CREATE TABLE fmq_bench_delivery (LIKE fmq_delivery INCLUDING ALL);
INSERT INTO fmq_bench_delivery (id, event_id, consumer, state, attempts, next_attempt_at, updated_at)
SELECT md5('delivery' || g), md5('event' || g), 'webhook/benchmark', 'pending', 0,
       now() + g * interval '1 microsecond', now()
FROM generate_series(1, :n) g;
ANALYZE fmq_bench_delivery;
