-- Report creation: the rows the server writes for one POST /api/v1/reports by a signed-in
-- citizen with an Idempotency-Key, as one transaction (ReportTransactions.create and
-- ReportService.create; the migrations V1, V7 and V8 give the columns). The server also claims the
-- key in a transaction of its own first and reads before it writes (the key, the follow row);
-- this is the ceiling of the writes alone.
-- Variables set by run-benchmark.sh's pgbench header (create-report.pgb): :rid :hid :eid (ids),
-- :uid (the reporter), :lat :lon (a random point), :cat (1..8).
BEGIN;
INSERT INTO fmq_report (id, title, description, category_code, latitude, longitude, accuracy_m, address, status,
                        author_id, author_name, vote_count, created_at, updated_at, version, assigned_to,
                        hidden, hidden_at, hidden_by, hidden_reason, merged_into)
VALUES ('r:rid', 'Pothole near the school', 'Deep hole in front of the gate, dangerous for cyclists',
        (ARRAY['pothole', 'streetlight-out', 'water-leak', 'illegal-dumping', 'overflowing-bin', 'graffiti',
               'blocked-drain', 'fallen-tree'])[:cat],
        :lat, :lon, 12.5, NULL, 'open', 'bench-user-:uid', 'Citizen :uid', 0, now(), now(), 1, NULL,
        false, NULL, NULL, NULL, NULL);
INSERT INTO fmq_status_change (id, report_id, from_status, to_status, actor_id, actor_name, reason, changed_at,
                               kind, detail)
VALUES ('h:hid', 'r:rid', NULL, 'open', 'bench-user-:uid', 'Citizen :uid', NULL, now(), 'status', NULL);
INSERT INTO fmq_report_follow (report_id, user_id, created_at)
VALUES ('r:rid', 'bench-user-:uid', now());
INSERT INTO fmq_outbox_event (id, event_type, aggregate_id, payload, occurred_at, published_at, attempts)
VALUES ('e:eid', 'report.created', 'r:rid',
        '{"id":"e:eid","type":"report.created","occurredAt":"2026-11-30T02:00:00Z","data":{"reportId":"r:rid",'
        || '"title":"Pothole near the school","category":"pothole","status":"open","latitude":' || :lat
        || ',"longitude":' || :lon || ',"authorId":"bench-user-:uid","actorId":"bench-user-:uid"}}',
        now(), NULL, 0);
INSERT INTO fmq_idempotency_key (id, scope, principal, idem_key, request_hash, state, response_status,
                                 response_location, response_body, started_at, completed_at)
VALUES (md5('k:rid') || md5('k:hid'), 'POST /api/v1/reports', 'bench-user-:uid', 'bench-:rid-:hid',
        md5('b:rid') || md5('b:hid'), 'completed', 201, 'http://localhost:9080/api/v1/reports/r:rid',
        '{"id":"r:rid","title":"Pothole near the school","description":"Deep hole in front of the gate, dangerous '
        || 'for cyclists","category":"pothole","location":{"lat":' || :lat || ',"lon":' || :lon || '},"status":"open",'
        || '"author":{"id":"bench-user-:uid","name":"Citizen :uid"},"voteCount":0}',
        now(), now());
END;
