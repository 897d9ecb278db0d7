#!/usr/bin/env bash
# FixMyQuarter benchmark: the API against the database's own ceiling, side by side, in one run.
# See docs/performance.md for what it measures and why. Not part of the test suite.
#
#   fmq-distribution/src/benchmark/run-benchmark.sh [options]
#
# It starts the packaged server (fmq-distribution/target/liberty/wlp, built by
#   ./mvnw -DskipTests -pl fmq-distribution -am package) on a PostgreSQL database, lets its Flyway
# migrations create the schema, seeds it if asked, then for each scenario runs wrk against the API
# and pgbench with the same SQL, both with the same number of clients, and prints throughput,
# p50/p99, the ratios and the server's peak heap. It stops the server it started when it ends.
# The photos scenario (not in the default list) uploads 10 MB photos instead, against a sink that
# only reads the bytes (UploadSink.java), and waits for the server to render them.
# The deliveries scenario (not in the default list either) registers a webhook to a loopback sink
# (WebhookSink.java), writes N report.created events straight into the outbox in one transaction,
# and times the server's dispatcher until the sink has every one, against the sink's own rate
# (hey) and the claim-and-mark SQL's (pgbench).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
WLP=${FMQ_BENCH_WLP:-$REPO/fmq-distribution/target/liberty/wlp}

DURATION=30
WARMUP=10
CLIENTS=32
RATE=200
SEED=""
TRUNCATE=0
SHAPES=0
START_SERVER=1
SCENARIOS="nearby bbox text votes create"
EXPLAIN=1
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=fmq_bench
URL=http://127.0.0.1:9080
HTTPS_PORT=9443
PHOTO_UPLOADS=64
DELIVERIES=20000
DELIVERY_WORKERS=8
DELIVERY_PER_TARGET=16
DELIVERY_BATCH=8
DELIVERY_ANALYZE=1
ADMIN_EMAIL=${FMQ_BENCH_ADMIN_EMAIL:-bench-admin@example.org}
ADMIN_PASSWORD=${FMQ_BENCH_ADMIN_PASSWORD:-kestrel orbit velvet benchmark 2026}
OUT=""

usage() {
    cat <<'EOF'
Usage: run-benchmark.sh [options]
  --seed N          load N reports first (seed.sql), e.g. --seed 1000000
  --truncate        with --seed: empty the report tables first (the seeder refuses otherwise)
  --shapes PCT      with --seed: PCT % of the reports are lines (three quarters) or zones (one
                    quarter) instead of points, e.g. --shapes 4 (default 0)
  --duration S      seconds each measurement lasts (default 30)
  --warmup S        seconds of warm-up before each API measurement (default 10)
  --clients N       concurrent clients for wrk and pgbench (default 32)
  --rate R          offered load of the open-loop nearby run, requests/s (default 200)
  --scenarios LIST  any of: nearby bbox text votes create page open311 signedin clusters photos
                    deliveries, quoted, space-separated (default: nearby bbox text votes create;
                    page reads random report pages (GET /reports/{id}), open311 the Open311 list
                    (GET /open311/v2/requests.json), signedin the web page's API calls with a
                    citizen's token (no raw SQL beside it); photos uploads N photos
                    of ~10 MB with 8 clients, against a discarding sink, then waits until the server
                    has rendered them; it runs the server at -Xmx256m unless FMQ_BENCH_JVM_ARGS sets
                    -Xmx; deliveries writes N report.created events into the outbox and times their
                    webhook deliveries to a loopback sink, WebhookSink.java)
  --photo-uploads N photos uploaded by the photos scenario (default 64)
  --deliveries N    events delivered by the deliveries scenario (default 20000)
  --delivery-workers N
                    the server's fmq.delivery.workers in the deliveries scenario; default 8
  --delivery-per-target N
                    its fmq.delivery.per-target: calls to the one webhook in progress at once,
                    and the concurrency of the sink's ceiling; default 16
  --delivery-batch N
                    its fmq.delivery.batch: deliveries a worker sends at once; default 8
  --no-analyze      deliveries: do not ANALYZE fmq_outbox_event and fmq_delivery once the events
                    are fanned out (what autovacuum does on a production database; without it,
                    on a PostgreSQL with autovacuum off, the dispatcher's order-per-report query
                    reads the webhook's whole backlog for every delivery)
  --db NAME         PostgreSQL database (default fmq_bench; PGHOST, PGPORT, PGUSER, PGPASSWORD apply)
  --url URL         the server (default http://127.0.0.1:9080); the server the runner starts
                    listens on this URL's port
  --https-port P    HTTPS port of the server the runner starts (default 9443)
  --no-server       use a server that is already running at --url (heap is then sampled only
                    if FMQ_BENCH_SERVER_PID names its process)
  --no-explain      skip EXPLAIN (ANALYZE, BUFFERS) of the raw queries
  --out DIR         where logs and results go (default fmq-distribution/target/benchmark/<time>)
Environment: FMQ_BENCH_JVM_ARGS is passed to the server's JVM (for example -Xmx256m).
FMQ_BENCH_ADMIN_EMAIL and FMQ_BENCH_ADMIN_PASSWORD: the administrator the deliveries scenario signs
in as (the server the runner starts creates it on a new database; with --no-server it must exist).
Run it under the machine's server lock where several people share a machine:
  flock /tmp/fmq-it.lock fmq-distribution/src/benchmark/run-benchmark.sh --seed 1000000 --truncate
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --seed) SEED=$2; shift 2 ;;
        --truncate) TRUNCATE=1; shift ;;
        --shapes) SHAPES=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --clients) CLIENTS=$2; shift 2 ;;
        --rate) RATE=$2; shift 2 ;;
        --scenarios) SCENARIOS=$2; shift 2 ;;
        --db) DB=$2; shift 2 ;;
        --url) URL=${2%/}; shift 2 ;;
        --https-port) HTTPS_PORT=$2; shift 2 ;;
        --photo-uploads) PHOTO_UPLOADS=$2; shift 2 ;;
        --deliveries) DELIVERIES=$2; shift 2 ;;
        --delivery-workers) DELIVERY_WORKERS=$2; shift 2 ;;
        --delivery-per-target) DELIVERY_PER_TARGET=$2; shift 2 ;;
        --delivery-batch) DELIVERY_BATCH=$2; shift 2 ;;
        --no-analyze) DELIVERY_ANALYZE=0; shift ;;
        --no-server) START_SERVER=0; shift ;;
        --no-explain) EXPLAIN=0; shift ;;
        --out) OUT=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done

# ---------------------------------------------------------------- tools
missing=""
for tool in wrk hey pgbench psql curl jq jstat awk java; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "missing:$missing" >&2
    echo "On Debian/Ubuntu: apt-get install wrk hey postgresql-client jq curl (jstat comes with the JDK)" >&2
    exit 2
fi

OUT=${OUT:-$REPO/fmq-distribution/target/benchmark/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)   # absolute: the server's JVM (JFR) writes there from its own folder
export FMQ_BENCH_DIR=$HERE
export PGHOST PGPORT PGUSER
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -d "$DB")
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }

# ---------------------------------------------------------------- server
SERVER_PID=${FMQ_BENCH_SERVER_PID:-}
STARTED=0
SINK_PID=""
stop_server() {
    if [ -n "$SINK_PID" ]; then
        kill "$SINK_PID" 2>/dev/null || true
        SINK_PID=""
    fi
    if [ "$STARTED" = 1 ]; then
        log "stopping the server"
        "$WLP/bin/server" stop fmq >>"$OUT/server.log" 2>&1 || true
        STARTED=0
    fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

ready() { curl -sf -m 5 "$URL/health/ready" 2>/dev/null | grep -Eq '"status" *: *"UP"'; }

if ! "${PSQL[@]}" -c 'SELECT 1' >/dev/null 2>&1; then
    log "creating database $DB"
    createdb --maintenance-db=template1 "$DB"
fi

# The issue's target for photos is a server capped at 256 MB: the scenario sets the cap itself,
# unless the caller chose a heap size.
SERVER_JVM_ARGS=${FMQ_BENCH_JVM_ARGS:-}
if [[ " $SCENARIOS " == *" photos "* ]] && [[ "$SERVER_JVM_ARGS" != *-Xmx* ]]; then
    SERVER_JVM_ARGS="${SERVER_JVM_ARGS:+$SERVER_JVM_ARGS }-Xmx256m"
fi
# Where jcmd cannot attach to the server (on this project's machine it cannot: the attach
# listener never answers), the deliveries scenario's profile comes from a recording started with
# the JVM instead, dumped when the runner stops the server, and cut to the measurement's window.
JFR_AT_START=""
if [[ " $SCENARIOS " == *" deliveries "* ]] && [ "${FMQ_BENCH_PROFILE:-1}" = 1 ]; then
    JFR_AT_START=$OUT/server.jfr
    SERVER_JVM_ARGS="${SERVER_JVM_ARGS:+$SERVER_JVM_ARGS }-XX:StartFlightRecording=name=bench,settings=profile,dumponexit=true,filename=$JFR_AT_START"
fi
HTTP_PORT=9080
[[ "$URL" =~ :([0-9]+)$ ]] && HTTP_PORT=${BASH_REMATCH[1]}
# The deliveries scenario: an administrator to register the webhook (created at the first start on
# a new database), and the dispatcher's workers, places and batches; the per-target bulkhead would
# otherwise hold the one webhook to fmq.delivery.per-target (4) calls at once.
SERVER_ENV=()
if [[ " $SCENARIOS " == *" deliveries "* ]]; then
    SERVER_ENV=(FMQ_ADMIN_EMAIL="$ADMIN_EMAIL" FMQ_ADMIN_PASSWORD="$ADMIN_PASSWORD"
        FMQ_DELIVERY_WORKERS="$DELIVERY_WORKERS" FMQ_DELIVERY_PER_TARGET="$DELIVERY_PER_TARGET"
        FMQ_DELIVERY_BATCH="$DELIVERY_BATCH")
fi

if [ "$START_SERVER" = 1 ]; then
    if curl -s -m 2 -o /dev/null "$URL/health/live"; then
        echo "something already answers at $URL: stop it, or pass --no-server to measure it" >&2
        exit 2
    fi
    [ -x "$WLP/bin/server" ] || { echo "no packaged server at $WLP: run ./mvnw -DskipTests -pl fmq-distribution -am package" >&2; exit 2; }
    log "starting the server on jdbc:postgresql://$PGHOST:$PGPORT/$DB, port $HTTP_PORT (rate limits, report and photo quotas off)"
    STARTED=1
    # E-mail verification off: the benchmark's citizen signs in without a mail. The photo limits
    # (5 a report, 50 a person a day) would stop the photos scenario after a few uploads.
    FMQ_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" FMQ_DB_USER="$PGUSER" FMQ_DB_PASSWORD="${PGPASSWORD:-}" \
        FMQ_HTTP_PORT="$HTTP_PORT" FMQ_HTTPS_PORT="$HTTPS_PORT" FMQ_AUTH_EMAIL_VERIFICATION=off \
        FMQ_RATELIMIT_ENABLED=false FMQ_QUOTA_REPORTS_PER_DAY=0 \
        FMQ_PHOTOS_PER_REPORT=100000 FMQ_PHOTOS_PER_DAY=0 JVM_ARGS="$SERVER_JVM_ARGS" \
        env "${SERVER_ENV[@]}" "$WLP/bin/server" start fmq >>"$OUT/server.log" 2>&1
    for _ in $(seq 1 180); do ready && break; sleep 1; done
    ready || { echo "the server did not become ready; see $WLP/usr/servers/fmq/logs/messages.log" >&2; exit 1; }
    SERVER_PID=$(cat "$WLP/usr/servers/.pid/fmq.pid")
fi
ready || { echo "no ready server at $URL" >&2; exit 1; }
log "server ready${SERVER_PID:+ (pid $SERVER_PID)}"

# ---------------------------------------------------------------- seed
SEED_LINE="not seeded in this run"
if [ -n "$SEED" ]; then
    log "seeding $SEED reports"
    start=$(date +%s.%N)
    (cd "$HERE" && "${PSQL[@]}" -v n="$SEED" -v truncate="$TRUNCATE" -v shapes="$SHAPES" -f seed.sql) 2>&1 | tee -a "$OUT/run.log" >&2
    SEED_LINE=$(awk -v s="$start" -v e="$(date +%s.%N)" -v n="$SEED" -v p="$SHAPES" \
        'BEGIN { printf "seeded %d reports%s in %.1f s (%.0f reports/s, with history, follows, VACUUM and ANALYZE)", n,
                 (p > 0 ? sprintf(", %s %% of them lines or zones", p) : ""), e - s, n / (e - s) }')
    log "$SEED_LINE"
fi
REPORTS=$("${PSQL[@]}" -Atc 'SELECT count(*) FROM fmq_report')
log "$REPORTS reports in $DB"

# ---------------------------------------------------------------- a citizen's token for creation
EMAIL="bench-$(date +%s)-$RANDOM@example.org"
curl -sf -X POST "$URL/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"benchmark password 1\",\"displayName\":\"Bench Citizen\"}" >/dev/null \
    || log "registering $EMAIL failed"
FMQ_BENCH_TOKEN=$(curl -sf -X POST "$URL/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"benchmark password 1\"}" | jq -r '.access_token // empty' || true)
export FMQ_BENCH_TOKEN
[ -n "$FMQ_BENCH_TOKEN" ] || log "no token: reports will be created anonymously (no reporter follow row)"

# ---------------------------------------------------------------- report pages to read
# The page scenario reads 10,000 random visible reports, the same for the API (wrk, from a file)
# and for the raw SQL (pgbench, from a table of the benchmark database).
if [[ " $SCENARIOS " == *" page "* ]]; then
    "${PSQL[@]}" -q -c "DROP TABLE IF EXISTS fmq_bench_ids" \
        -c "CREATE TABLE fmq_bench_ids AS SELECT row_number() OVER () AS k, id FROM (SELECT id FROM fmq_report
            WHERE hidden_at IS NULL ORDER BY random() LIMIT 10000) s" \
        -c "CREATE UNIQUE INDEX ON fmq_bench_ids (k)" -c "ANALYZE fmq_bench_ids" >>"$OUT/run.log" 2>&1
    "${PSQL[@]}" -Atc "SELECT id FROM fmq_bench_ids ORDER BY k" >"$OUT/report-ids.txt"
    export FMQ_BENCH_IDS=$OUT/report-ids.txt
    log "page: $(grep -c . "$OUT/report-ids.txt") report ids to read"
fi

# ---------------------------------------------------------------- does the API do what is asked?
# A server that ignores a parameter answers 200 with the wrong reports: that must not count as fast.
# probe NAME prints "ok" or the reason the scenario cannot be measured.
probe() {
    local body code ctype
    case "$1" in
        nearby)
            body=$(curl -s -m 30 -w '\n%{http_code}' "$URL/api/v1/reports?near=48.8566,2.3522&radius=1000m&status=open&sort=nearest&limit=50")
            code=${body##*$'\n'}; body=${body%$'\n'*}
            [ "$code" = 200 ] || { echo "answers $code: $(printf '%s' "$body" | head -c 200)"; return; }
            # Every point report within 1000 m of the point, and nearest first, by the haversine
            # distance the server uses (an approximation would order near-ties differently): 1 cm of
            # tolerance. A line or zone (with a geometry) counts by its distance to the shape, which
            # JTS measures, not by its point: only its status is checked, and the points' order.
            printf '%s' "$body" | jq -e '
                def rad: . * 3.141592653589793 / 180;
                def d: ((.location.lat - 48.8566) | rad / 2 | sin) as $a | ((.location.lon - 2.3522) | rad / 2 | sin) as $b
                       | 2 * 6371008.8 * (($a * $a + (48.8566 | rad | cos) * (.location.lat | rad | cos) * $b * $b) | sqrt | asin);
                (.items | length) > 0 and all(.items[]; .status == "open")
                and all(.items[] | select(.geometry == null); d <= 1000.01)
                and ([.items[] | select(.geometry == null) | d] as $ds | [range(1; $ds | length) | $ds[.] >= $ds[. - 1] - 0.01] | all)' >/dev/null \
                && echo ok || echo "parameter near/radius/sort=nearest ignored (answers 200 with reports farther than 1000 m or not by distance)" ;;
        bbox)
            body=$(curl -s -m 30 -D "$OUT/probe-bbox.headers" -H 'Accept: application/geo+json' -w '\n%{http_code}' \
                "$URL/api/v1/reports?bbox=2.3422,48.8521,2.3622,48.8611&limit=100")
            code=${body##*$'\n'}; body=${body%$'\n'*}
            ctype=$(grep -i '^content-type:' "$OUT/probe-bbox.headers" | tr -d '\r' | cut -d' ' -f2-)
            [ "$code" = 200 ] || { echo "answers $code: $(printf '%s' "$body" | head -c 200)"; return; }
            case "$ctype" in application/geo+json*) ;; *) echo "answers $ctype, not application/geo+json"; return ;; esac
            # A point inside the box; a line or zone whose positions' box meets it (JTS decides the
            # shape itself).
            printf '%s' "$body" | jq -e '.type == "FeatureCollection" and all(.features[];
                if .geometry.type == "Point" then
                    .geometry.coordinates[0] >= 2.3422 and .geometry.coordinates[0] <= 2.3622
                    and .geometry.coordinates[1] >= 48.8521 and .geometry.coordinates[1] <= 48.8611
                else
                    [.geometry.coordinates | .. | arrays | select(length == 2 and (.[0] | type) == "number")] as $p
                    | ($p | length) > 0 and ([$p[][0]] | min) <= 2.3622 and ([$p[][0]] | max) >= 2.3422
                    and ([$p[][1]] | min) <= 48.8611 and ([$p[][1]] | max) >= 48.8521
                end)' >/dev/null \
                && echo ok || echo "not a FeatureCollection of reports inside the box" ;;
        clusters)
            # The map of wrk/clusters.lua at its centre: GeoJSON points with counts, every one inside the
            # box, and how many reports are in view (the issue's case is 100,000 or more).
            body=$(curl -s -m 60 -D "$OUT/probe-clusters.headers" -w '\n%{http_code}' \
                "$URL/api/v1/reports/clusters?bbox=2.132472,48.775251,2.571928,48.937949&zoom=12")
            code=${body##*$'\n'}; body=${body%$'\n'*}
            printf '%s' "$body" >"$OUT/probe-clusters.json"
            [ "$code" = 200 ] || { echo "answers $code: $(printf '%s' "$body" | head -c 200)"; return; }
            printf '%s' "$body" | jq -e '[.features[].properties.count] | add // 0' >"$OUT/clusters-in-view.txt" 2>/dev/null \
                || { echo "not GeoJSON with counts"; return; }
            printf '%s' "$body" | jq -e '.type == "FeatureCollection" and all(.features[];
                .geometry.coordinates[0] >= 2.132472 and .geometry.coordinates[0] <= 2.571928
                and .geometry.coordinates[1] >= 48.775251 and .geometry.coordinates[1] <= 48.937949)' >/dev/null \
                && echo ok || echo "not a FeatureCollection of points inside the box" ;;
        text)
            body=$(curl -s -m 30 -w '\n%{http_code}' "$URL/api/v1/reports?q=zzqxjwv&limit=50")
            code=${body##*$'\n'}; body=${body%$'\n'*}
            [ "$code" = 200 ] || { echo "answers $code: $(printf '%s' "$body" | head -c 200)"; return; }
            printf '%s' "$body" | jq -e '(.items | length) == 0' >/dev/null \
                || { echo "parameter q ignored (a word found nowhere still lists reports)"; return; }
            body=$(curl -s -m 30 "$URL/api/v1/reports?q=fuite&limit=50")
            printf '%s' "$body" | jq -e '(.items | length) > 0' >/dev/null \
                || { echo "q=fuite finds nothing, though the seeded texts have it"; return; }
            echo ok ;;
        votes)
            body=$(curl -s -m 30 -w '\n%{http_code}' "$URL/api/v1/reports?sort=votes&limit=50")
            code=${body##*$'\n'}; body=${body%$'\n'*}
            [ "$code" = 200 ] || { echo "answers $code: $(printf '%s' "$body" | head -c 200)"; return; }
            printf '%s' "$body" | jq -e '[.items[].votes] as $v | ($v | length) > 0 and $v == ($v | sort | reverse)' >/dev/null \
                && echo ok || echo "not ordered by votes" ;;
        page)
            [ -s "${FMQ_BENCH_IDS:-}" ] || { echo "no report to read"; return; }
            local id
            id=$(head -n 1 "$FMQ_BENCH_IDS")
            body=$(curl -s -m 30 -w '\n%{http_code}' "$URL/api/v1/reports/$id")
            code=${body##*$'\n'}; body=${body%$'\n'*}
            [ "$code" = 200 ] || { echo "answers $code: $(printf '%s' "$body" | head -c 200)"; return; }
            printf '%s' "$body" | jq -e --arg id "$id" '.id == $id and (.photos | type) == "array"' >/dev/null \
                && echo ok || echo "not the report asked for" ;;
        open311)
            body=$(curl -s -m 30 -w '\n%{http_code}' "$URL/open311/v2/requests.json")
            code=${body##*$'\n'}; body=${body%$'\n'*}
            [ "$code" = 200 ] || { echo "answers $code: $(printf '%s' "$body" | head -c 200)"; return; }
            printf '%s' "$body" | jq -e 'type == "array" and length > 0 and (.[0] | has("service_request_id"))' >/dev/null \
                && echo ok || echo "not a list of service requests" ;;
        signedin)
            [ -n "$FMQ_BENCH_TOKEN" ] || { echo "no citizen's token"; return; }
            code=$(curl -s -m 30 -o "$OUT/probe-signedin.json" -w '%{http_code}' "$URL/api/v1/auth/me" \
                -H "Authorization: Bearer $FMQ_BENCH_TOKEN")
            [ "$code" = 200 ] && echo ok || echo "auth/me answers $code: $(head -c 200 "$OUT/probe-signedin.json")" ;;
        create)
            code=$(curl -s -m 30 -o "$OUT/probe-create.json" -w '%{http_code}' -X POST "$URL/api/v1/reports" \
                -H 'Content-Type: application/json' -H "Idempotency-Key: bench-probe-$(date +%s%N)" \
                ${FMQ_BENCH_TOKEN:+-H "Authorization: Bearer $FMQ_BENCH_TOKEN"} \
                -d '{"title":"Pothole near the school","category":"pothole","location":{"lat":48.8566,"lon":2.3522}}')
            [ "$code" = 201 ] && echo ok || echo "answers $code: $(head -c 200 "$OUT/probe-create.json")" ;;
    esac
}

# ---------------------------------------------------------------- measuring
# Heap of the server, sampled every second while a measurement runs.
HEAP_PID=""
heap_start() {
    HEAP_PID=""
    [ -n "$SERVER_PID" ] || return 0
    jstat -gc "$SERVER_PID" 1000 >"$OUT/heap-$1.txt" 2>/dev/null &
    HEAP_PID=$!
}
heap_stop() {
    [ -n "$HEAP_PID" ] || return 0
    kill "$HEAP_PID" 2>/dev/null || true
    wait "$HEAP_PID" 2>/dev/null || true
    HEAP_PID=""
}
# Peak used and committed heap in MB of one sample file: "used committed".
heap_peak() {
    [ -s "$OUT/heap-$1.txt" ] || { echo "- -"; return; }
    awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
         $1 ~ /^[0-9.]+$/ {
             u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]
             c = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]
             if (u > mu) mu = u; if (c > mc) mc = c }
         END { printf "%.0f %.0f\n", mu / 1024, mc / 1024 }' "$OUT/heap-$1.txt"
}

# Where the server spends its CPU during a measurement: a Java Flight Recorder recording (the
# JDK's sampling profiler), summarised as the share of samples whose stack passes through each
# layer, and the hottest leaf frames. Off with FMQ_BENCH_PROFILE=0.
profile_start() {
    [ -n "$SERVER_PID" ] && [ "${FMQ_BENCH_PROFILE:-1}" = 1 ] || return 0
    jcmd "$SERVER_PID" JFR.start name="bench-$1" settings=profile filename="$OUT/profile-$1.jfr" >/dev/null 2>&1 || true
}
profile_stop() {
    [ -n "$SERVER_PID" ] && [ "${FMQ_BENCH_PROFILE:-1}" = 1 ] || return 0
    jcmd "$SERVER_PID" JFR.stop name="bench-$1" >/dev/null 2>&1 || return 0
    [ -s "$OUT/profile-$1.jfr" ] || return 0
    profile_summary "$OUT/profile-$1.jfr" "$1"
}
# profile_summary JFR NAME [FROM TO]: the samples of the recording, or only those from FROM to TO
# (times of day as jfr prints them, HH:MM:SS.mmm in the machine's time zone), into profile-NAME.txt.
profile_summary() {
    jfr print --stack-depth 64 --events jdk.ExecutionSample "$1" 2>/dev/null | awk -v from="${3:-}" -v to="${4:-}" '
        # layer(): the part of the server a frame belongs to, "" for the JDK itself.
        function layer(f) {
            if (f ~ /^org\.eclipse\.persistence\./) return "EclipseLink (JPA)"
            if (f ~ /^org\.postgresql\./) return "PostgreSQL JDBC driver"
            if (f ~ /^(org\.eclipse\.parsson|org\.glassfish\.json|jakarta\.json|org\.eclipse\.yasson)\./) return "JSON"
            if (f ~ /^org\.fixmyquarter\./) return "FixMyQuarter code"
            if (f ~ /^(io\.smallrye\.jwt|org\.jose4j|com\.ibm\.ws\.security)/) return "JWT / security"
            if (f ~ /^(org\.jboss\.resteasy|org\.apache\.cxf|com\.ibm\.ws\.jaxrs)/) return "JAX-RS (RESTEasy)"
            if (f ~ /^(com\.ibm\.ws\.tx|com\.ibm\.tx|com\.ibm\.ws\.jdbc|com\.ibm\.ws\.rsadapter|com\.ibm\.ejs\.j2c|com\.ibm\.ws\.jca)/) return "Liberty transactions/JDBC pool"
            if (f ~ /^org\.jboss\.weld/) return "CDI (Weld)"
            if (f ~ /^(com\.ibm\.|io\.openliberty\.|org\.eclipse\.osgi)/) return "Liberty (HTTP, servlet, logging...)"
            if (f ~ /^(java|javax|jdk|sun|com\.sun)\./) return ""
            return "other libraries"
        }
        function flush() {
            if (!insample) return
            n++
            for (k in seen) inclusive[k]++
            self[owner == "" ? "JDK only" : owner]++
            if (leaf != "") top[leaf]++
            delete seen; leaf = ""; owner = ""; insample = 0
        }
        /^jdk.ExecutionSample/ { flush(); insample = 1; depth = 0; next }
        insample && !instack && /startTime = / && from != "" {
            t = $3; if (t < from || t > to) { insample = 0; delete seen; leaf = ""; owner = "" }
            next
        }
        !insample { next }
        /stackTrace = \[/ { instack = 1; next }
        instack && /^[[:space:]]*\]/ { instack = 0; next }
        instack {
            frame = $1; sub(/\(.*/, "", frame)
            if (frame == "...") next
            if (depth++ == 0) leaf = frame
            l = layer(frame)
            if (l != "") { seen[l] = 1; if (owner == "") owner = l }
            next
        }
        END {
            flush()
            if (n == 0) { print "no samples"; exit }
            printf "%d CPU samples of the server. Where the CPU is spent (the innermost non-JDK frame):\n", n
            for (k in self) printf "  %5.1f %%  %s\n", 100 * self[k] / n, k | "sort -rn"
            close("sort -rn")
            print "share of samples whose stack passes through:"
            for (k in inclusive) printf "  %5.1f %%  %s\n", 100 * inclusive[k] / n, k | "sort -rn"
            close("sort -rn")
            print "hottest leaf frames:"
            for (k in top) printf "  %5.1f %%  %s\n", 100 * top[k] / n, k | "sort -rn | head -12"
            close("sort -rn | head -12")
        }' >"$OUT/profile-$2.txt" || true
}

# Database work behind the API: PostgreSQL's counters for the database, read before and after.
db_counters() {
    "${PSQL[@]}" -Atc "SELECT d.xact_commit + d.xact_rollback, coalesce(sum(t.seq_scan), 0), coalesce(sum(t.idx_scan), 0),
                              coalesce(sum(t.seq_tup_read), 0) + coalesce(sum(t.idx_tup_fetch), 0)
                       FROM pg_stat_database d, pg_stat_user_tables t WHERE d.datname = current_database()
                       GROUP BY d.xact_commit, d.xact_rollback" | tr '|' ' '
}
db_per_request() { # before after requests
    awk -v b="$1" -v a="$2" -v n="$3" 'BEGIN { split(b, x, " "); split(a, y, " "); if (n + 0 == 0) exit
        printf "per request: %.2f transactions, %.2f index scans, %.2f sequential scans, %.0f rows read\n",
            (y[1] - x[1]) / n, (y[3] - x[3]) / n, (y[2] - x[2]) / n, (y[4] - x[4]) / n }'
}

# CPU seconds used so far by the server's JVM and by this database's PostgreSQL backends (live ones;
# the server's pool keeps its connections, so none is missed during an API measurement).
cpu_counters() {
    local server=0 pg
    if [ -n "$SERVER_PID" ] && [ -r "/proc/$SERVER_PID/stat" ]; then
        server=$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$SERVER_PID/stat")
    fi
    pg=$(ps -C postgres -o pid=,args= | awk -v db=" $DB " 'index($0, db) { print $1 }' \
        | while read -r p; do cat "/proc/$p/stat" 2>/dev/null || true; done \
        | awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); t += $12 + $13 } END { printf "%.2f", t / hz }')
    echo "$server $pg"
}
cpu_share() { # before after wrk-cpu-file seconds -> "server X% pg Y% wrk Z% of 2 cores"
    local w
    w=$(awk '/^CPU/ { printf "%.2f", $2 + $3 }' "$3" 2>/dev/null)
    awk -v b="$1" -v a="$2" -v w="${w:-0}" -v d="$4" -v cores="$(nproc)" 'BEGIN { split(b, x, " "); split(a, y, " ")
        printf "CPU over %d s, in %% of all %d cores: server %.0f %%, PostgreSQL %.0f %%, wrk %.0f %%\n",
            d, cores, 100 * (y[1] - x[1]) / d / cores, 100 * (y[2] - x[2]) / d / cores, 100 * w / d / cores }'
}

# wrk: prints "rps p50 p99 non2xx requests codes"
run_wrk() {
    local name=$1 script=$2 seconds=$3 file=$OUT/wrk-$1.txt
    /usr/bin/time -f 'CPU %U %S' -o "$OUT/wrk-$1.cpu" \
        wrk -t 2 -c "$CLIENTS" -d "${seconds}s" --timeout 30s -s "$HERE/wrk/$script" "$URL" >"$file" 2>&1 || true
    awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
                     print r["rps"], r["p50_ms"], r["p99_ms"], r["non2xx"] + r["socket_errors"], r["requests"], r["codes"] }' "$file"
}

# p50 and p99 in ms of pgbench's per-transaction log lines (third field: latency in microseconds).
log_percentiles() {
    awk '$3 ~ /^[0-9]+$/ { print $3 }' "$@" | sort -n | awk '
        { v[NR] = $1 }
        END { if (NR == 0) { print "- -"; exit }
              i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++    # nearest rank
              i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++
              printf "%.2f %.2f\n", v[i50] / 1000, v[i99] / 1000 }'
}

# Builds the pgbench script of a scenario from the .pgb headers and the .sql file.
pgbench_script() {
    local f=$OUT/pgbench-$1.sql
    case "$1" in
        nearby) cat "$HERE/pgbench/point.pgb" "$HERE/sql/nearby.sql" >"$f" ;;
        bbox) cat "$HERE/pgbench/point.pgb" "$HERE/sql/bbox.sql" >"$f" ;;
        clusters) cat "$HERE/pgbench/view.pgb" "$HERE/sql/clusters.sql" >"$f" ;;
        votes) cat "$HERE/sql/most-voted.sql" >"$f" ;;
        page) cat "$HERE/pgbench/page.pgb" "$HERE/sql/report-page.sql" >"$f" ;;
        open311) cat "$HERE/sql/open311-requests.sql" >"$f" ;;
        create) cat "$HERE/pgbench/point.pgb" "$HERE/pgbench/create.pgb" "$HERE/sql/create-report.sql" >"$f" ;;
        text)
            local words n
            words=$(awk 'NF { gsub("\x27", "\x27\x27"); printf "%s\x27%s\x27", (NR > 1 ? ", " : ""), $0 }' "$HERE/words.txt")
            n=$(grep -c . "$HERE/words.txt")
            { echo "\\set wi random(1, $n)"; sed "s/:word/(ARRAY[$words])[:wi]/" "$HERE/sql/text-search.sql"; } >"$f" ;;
        *) return 1 ;;
    esac
    echo "$f"
}

# pgbench: prints "tps p50 p99 failed"; extra options (e.g. -R) after the name.
run_pgbench() {
    local name=$1 seconds=$2; shift 2
    local script dir=$OUT/pglog-$name
    script=$(pgbench_script "${name%%-*}")
    rm -rf "$dir"; mkdir -p "$dir"
    (cd "$dir" && pgbench -n -c "$CLIENTS" -j 2 -T "$seconds" "$@" --log --log-prefix=tx -f "$script" "$DB") \
        >"$OUT/pgbench-$name.txt" 2>&1 || true
    local tps failed
    tps=$(awk '/^tps = / { print $3 }' "$OUT/pgbench-$name.txt" | tail -1)
    failed=$(awk '/number of failed transactions/ { print $5 }' "$OUT/pgbench-$name.txt")
    [ -n "$tps" ] && tps=$(printf '%.1f' "$tps")
    echo "${tps:--} $(log_percentiles "$dir"/tx*) ${failed:-?}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
check() { # check VALUE OP LIMIT -> met / MISSED / -
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { if (v == "-") { print "-"; exit }
        ok = (op == ">=") ? (v + 0 >= l) : (v + 0 <= l); print ok ? "met" : "MISSED" }'
}

declare -A API RAW STATUS HEAP DBWORK CPU
PEAK_USED=0
PEAK_COMMITTED=0

# The scenarios measured with wrk and pgbench; photos has its own measurement below.
SQL_SCENARIOS=""
for s in $SCENARIOS; do [ "$s" = photos ] || [ "$s" = deliveries ] || SQL_SCENARIOS="$SQL_SCENARIOS $s"; done

for s in $SCENARIOS; do
    case "$s" in
        nearby) script=nearby.lua ;; bbox) script=bbox.lua ;; text) script=text.lua ;;
        votes) script=most-voted.lua ;; create) script=create.lua ;;
        clusters) script=clusters.lua ;;
        page) script="report-page.lua" ;; open311) script="open311-requests.lua" ;; signedin) script="signed-in-page.lua" ;;
        photos|deliveries) continue ;;
        *) echo "unknown scenario $s" >&2; exit 2 ;;
    esac
    STATUS[$s]=$(probe "$s")
    if [ "${STATUS[$s]}" = ok ]; then
        log "$s: API warm-up ${WARMUP}s"
        run_wrk "$s-warmup" "$script" "$WARMUP" >/dev/null
        log "$s: API ${DURATION}s at $CLIENTS clients"
        heap_start "$s"
        profile_start "$s"
        before=$(db_counters)
        cpu_before=$(cpu_counters)
        API[$s]=$(run_wrk "$s" "$script" "$DURATION")
        CPU[$s]=$(cpu_share "$cpu_before" "$(cpu_counters)" "$OUT/wrk-$s.cpu" "$DURATION")
        sleep 1   # PostgreSQL's statistics reach the counters within a moment
        DBWORK[$s]=$(db_per_request "$before" "$(db_counters)" "$(echo "${API[$s]}" | cut -d' ' -f5)")
        profile_stop "$s"
        heap_stop
        [ -n "${API[$s]}" ] || { API[$s]="- - - 1 0 -"; STATUS[$s]="wrk gave no result, see $OUT/wrk-$s.txt"; }
        HEAP[$s]=$(heap_peak "$s")
        read -r used committed <<<"${HEAP[$s]}"
        [ "$used" != - ] && [ "$used" -gt "$PEAK_USED" ] && PEAK_USED=$used
        [ "$committed" != - ] && [ "$committed" -gt "$PEAK_COMMITTED" ] && PEAK_COMMITTED=$committed
        read -r _ _ _ errors requests codes <<<"${API[$s]}"
        if [ "$errors" != - ] && [ "${errors:-0}" -gt 0 ]; then
            STATUS[$s]="$errors of $requests requests failed ($codes); first: $(grep -m1 '^SAMPLE' "$OUT/wrk-$s.txt" | cut -c8-200)"
        fi
        log "$s: API ${API[$s]}"
    else
        log "$s: API NOT MEASURED: ${STATUS[$s]}"
        API[$s]="- - - - - -"
    fi
    if [ "$s" = signedin ]; then
        RAW[$s]="- - - -"   # several reads of several kinds: no one query to set beside it
        continue
    fi
    log "$s: raw SQL ${DURATION}s at $CLIENTS clients (pgbench)"
    RAW[$s]=$(run_pgbench "$s" "$DURATION")
    log "$s: raw ${RAW[$s]}"
done

# Open loop: the nearby query offered at a fixed rate; p50 is what a user waits when the server is
# not saturated. hey takes one URL, so eight hey processes each ask at one random point.
OPEN_API="- - -"
OPEN_RAW="- - -"
if [[ " $SCENARIOS " == *" nearby "* ]]; then
    if [ "${STATUS[nearby]}" = ok ]; then
        log "nearby: open loop, $RATE requests/s for ${DURATION}s (hey)"
        rm -f "$OUT"/hey-*.csv
        heap_start open
        hey_pids=()
        for i in 1 2 3 4 5 6 7 8; do
            point=$(awk -v seed="$RANDOM$i" 'BEGIN { srand(seed); split("48.8566 2.3522 0.65795 45.7640 4.8357 0.69762 43.2965 5.3698 0.72781 38.7223 -9.1393 0.78019 40.4168 -3.7038 0.76135 52.52 13.405 0.60848", c, " ")
                k = int(rand() * 6) * 3; r = sqrt(-2 * log(1 - rand())) * 4000; a = 6.283185 * rand()
                printf "%.6f,%.6f", c[k + 1] + r * cos(a) / 111320, c[k + 2] + r * sin(a) / (111320 * c[k + 3]) }')
            hey -z "${DURATION}s" -c 4 -q "$(awk -v r="$RATE" 'BEGIN { printf "%.3f", r / 32 }')" -t 30 -o csv \
                "$URL/api/v1/reports?near=$point&radius=1000m&status=open&sort=nearest&limit=50" >"$OUT/hey-$i.csv" 2>&1 &
            hey_pids+=($!)
        done
        wait "${hey_pids[@]}"   # not a bare wait: the heap sampler runs in the background too
        heap_stop
        read -r used committed <<<"$(heap_peak open)"
        [ "$used" != - ] && [ "$used" -gt "$PEAK_USED" ] && PEAK_USED=$used
        [ "$committed" != - ] && [ "$committed" -gt "$PEAK_COMMITTED" ] && PEAK_COMMITTED=$committed
        # hey's CSV: response time in seconds first, status code seventh (failed connections are absent).
        awk -F, '$1 ~ /^[0-9.]+$/ { print $1 * 1000, $7 }' "$OUT"/hey-*.csv | sort -n >"$OUT/hey-all.txt"
        OPEN_API=$(awk -v d="$DURATION" '{ n++; t[n] = $1; if ($2 < 200 || $2 > 299) bad++ }
            END { if (n == 0) { print "- - - -"; exit }
                  i50 = int(n * 0.50); if (i50 < n * 0.50) i50++; i99 = int(n * 0.99); if (i99 < n * 0.99) i99++
                  printf "%.1f %.2f %.2f %d\n", n / d, t[i50], t[i99], bad + 0 }' "$OUT/hey-all.txt")
        log "nearby open loop API: $OPEN_API"
    fi
    log "nearby: open loop raw SQL, pgbench -R $RATE"
    OPEN_RAW=$(run_pgbench "nearby-rate" "$DURATION" -R "$RATE")
    log "nearby open loop raw: $OPEN_RAW"
fi

# ---------------------------------------------------------------- photos: 10 MB uploads, then rendering
# The issue: the server's heap stays under 256 MB while 8 photos of 10 MB upload at once. Uploads
# stream to a temporary file and are rendered one at a time by the event dispatcher, so neither
# should need the heap to grow with the uploads; this measures it. The ceiling is the same 8
# concurrent uploads of the same file to UploadSink.java, which only reads the bytes: the machine's
# loopback HTTP upload rate, so the API's rate is quoted as a ratio to it, measured in the same run.
declare -A PH
PH[status]="not run"

# p50, p99 (ms), count of 201, other answers ("code:count ...") and uploads/s, MB/s of a hey CSV.
hey_upload_summary() { # CSV SECONDS EXPECTED BYTES
    awk -F, -v secs="$2" -v want="$3" -v bytes="$4" '
        $1 ~ /^[0-9.]+$/ { n++; t[n] = $1 * 1000; if ($7 == 201) ok++; else other[$7]++ }
        END {
            if (n == 0) { printf "- - 0 no-answer:%d - - 0\n", want; exit }
            # nearest-rank percentiles of the sorted times
            for (i = 2; i <= n; i++) { v = t[i]; for (j = i - 1; j >= 1 && t[j] > v; j--) t[j + 1] = t[j]; t[j + 1] = v }
            i50 = int(n * 0.50); if (i50 < n * 0.50) i50++; i99 = int(n * 0.99); if (i99 < n * 0.99) i99++
            codes = ""; for (c in other) codes = codes c ":" other[c] " "
            if (n < want) codes = codes "no-answer:" (want - n)
            if (codes == "") codes = "none"; gsub(/ $/, "", codes); gsub(/ /, ",", codes)
            printf "%.2f %.2f %d %s %.2f %.1f %d\n", t[i50], t[i99], ok + 0, codes, n / secs, n * bytes / secs / 1e6, n
        }' "$1"
}

# Photos of the report by state, as its uploader sees them: "ready failed processing".
photo_states() {
    local states
    states=$(curl -s -m 30 -H "Authorization: Bearer $FMQ_BENCH_TOKEN" "$URL/api/v1/reports/$1/photos" \
        | jq -r '[.items[].state] | "\(map(select(. == "ready")) | length) \(map(select(. == "failed")) | length) \(map(select(. == "processing")) | length)"' 2>/dev/null || true)
    [[ "$states" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]] && echo "$states" || echo "- - -"
}

# Waits until WANT photos of the report are ready or failed, at most LIMIT seconds, polling every
# half second; prints the last "ready failed processing" and fails on time-out.
wait_photos() { # REPORT WANT LIMIT
    local deadline states ready failed
    deadline=$(( $(date +%s) + $3 ))
    while :; do
        states=$(photo_states "$1")
        read -r ready failed _ <<<"$states"
        if [ "$ready" != - ] && [ $((ready + failed)) -ge "$2" ]; then echo "$states"; return 0; fi
        if [ "$(date +%s)" -ge "$deadline" ]; then echo "$states"; return 1; fi
        sleep 0.5
    done
}

run_photos() {
    local photo=$OUT/photo.jpg bytes report code port states auth
    log "photos: making a photo-like JPEG just under the 10 MiB limit (PhotoJpeg.java)"
    java "$HERE/PhotoJpeg.java" "$photo" >>"$OUT/run.log" 2>&1 \
        || { PH[status]="PhotoJpeg.java failed, see $OUT/run.log"; return; }
    bytes=$(stat -c %s "$photo")
    PH[photo]=$(tail -1 "$OUT/run.log" | sed 's/^[^:]*: //')
    [ -n "$FMQ_BENCH_TOKEN" ] || { PH[status]="no citizen token: sign-in failed (is fmq.auth.email-verification off?)"; return; }
    auth="Authorization: Bearer $FMQ_BENCH_TOKEN"

    # One report holds every photo: the per-report limit is lifted for the benchmark.
    report=$(curl -s -m 30 -X POST "$URL/api/v1/reports" -H 'Content-Type: application/json' \
        -H "Idempotency-Key: bench-photos-$(date +%s%N)" -H "$auth" \
        -d '{"title":"Broken street light, photos attached","category":"streetlight-out","location":{"lat":48.8566,"lon":2.3522}}' \
        | jq -r '.id // empty' 2>/dev/null || true)
    [ -n "$report" ] || { PH[status]="could not create the report the photos belong to"; return; }

    # Probe, and warm-up of the upload path and of the rendering job (JIT): one photo, 201 at once
    # in state processing, then ready.
    code=$(curl -s -m 120 -o "$OUT/probe-photos.json" -w '%{http_code}' -X POST "$URL/api/v1/reports/$report/photos" \
        -H 'Content-Type: image/jpeg' -H "$auth" --data-binary @"$photo")
    if [ "$code" != 201 ] || ! jq -e '.state == "processing"' "$OUT/probe-photos.json" >/dev/null 2>&1; then
        PH[status]="upload answers $code: $(head -c 200 "$OUT/probe-photos.json")"; return
    fi
    log "photos: warm-up photo uploaded, waiting for it to be ready"
    states=$(wait_photos "$report" 1 300) || { PH[status]="the warm-up photo is not ready after 300 s ($states: ready failed processing)"; return; }
    [ "${states%% *}" = 1 ] || { PH[status]="the warm-up photo failed: $(curl -s -H "$auth" "$URL/api/v1/reports/$report/photos" | jq -c '.items[0].failure' | head -c 200)"; return; }

    # The ceiling first, so that nothing of the server's rendering runs beside it.
    java "$HERE/UploadSink.java" >"$OUT/sink.out" 2>&1 &
    SINK_PID=$!
    for _ in $(seq 1 120); do grep -q '^port ' "$OUT/sink.out" 2>/dev/null && break; sleep 0.5; done
    port=$(awk '/^port / { print $2 }' "$OUT/sink.out")
    [ -n "$port" ] || { PH[status]="the sink did not start: $(head -c 200 "$OUT/sink.out")"; return; }
    log "photos: ceiling, $PHOTO_UPLOADS uploads of $bytes bytes with 8 clients to the sink on port $port"
    local t0 t1 t2 t3 cpu0 cpu1 accepted ready failed processing
    hey -c 8 -n 8 -t 300 -m POST -D "$photo" -T image/jpeg -H "$auth" -o csv "http://127.0.0.1:$port/upload" >/dev/null 2>&1 || true
    t0=$(date +%s.%N)
    hey -c 8 -n "$PHOTO_UPLOADS" -t 300 -m POST -D "$photo" -T image/jpeg -H "$auth" -o csv \
        "http://127.0.0.1:$port/upload" >"$OUT/hey-photos-sink.csv" 2>&1 || true
    t1=$(date +%s.%N)
    kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; SINK_PID=""
    PH[sink]=$(hey_upload_summary "$OUT/hey-photos-sink.csv" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$PHOTO_UPLOADS" "$bytes")
    log "photos: sink p50 p99 201s others uploads/s MB/s answers: ${PH[sink]}"

    log "photos: API, $PHOTO_UPLOADS uploads with 8 clients (hey), heap sampled"
    # With -Xmx256m the heap used cannot pass 256 MB; what would break the target is an
    # OutOfMemoryError (an upload or a rendering that fails for lack of heap), so count them.
    local oom0
    oom0=$(cat "$WLP/usr/servers/fmq/logs/"*.log 2>/dev/null | grep -c OutOfMemoryError || true)
    cpu0=$(cpu_counters)
    profile_start photos-upload
    heap_start photos-upload
    t0=$(date +%s.%N)
    hey -c 8 -n "$PHOTO_UPLOADS" -t 300 -m POST -D "$photo" -T image/jpeg -H "$auth" -o csv \
        "$URL/api/v1/reports/$report/photos" >"$OUT/hey-photos-api.csv" 2>&1 || true
    t1=$(date +%s.%N)
    heap_stop
    profile_stop photos-upload
    PH[api]=$(hey_upload_summary "$OUT/hey-photos-api.csv" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$PHOTO_UPLOADS" "$bytes")
    log "photos: API p50 p99 201s others uploads/s MB/s answers: ${PH[api]}"
    read -r _ _ accepted _ _ _ _ <<<"${PH[api]}"

    # Rendering began with the first upload (the dispatcher polls every second); wait for the
    # rest, bounded: 2 minutes plus 20 s a photo is far beyond the ~1 s a photo takes.
    log "photos: waiting until the $accepted accepted photos are rendered, heap sampled"
    heap_start photos-render
    t2=$(date +%s.%N)
    if ! states=$(wait_photos "$report" $((1 + accepted)) $((120 + 20 * accepted))); then
        PH[status]="not all photos rendered in time (ready failed processing: $states)"
    else
        PH[status]=ok
    fi
    t3=$(date +%s.%N)
    heap_stop
    cpu1=$(cpu_counters)
    read -r ready failed processing <<<"$states"
    [ "$ready" != - ] || { ready=1; failed=0; processing="?"; }
    PH[states]="$((ready - 1)) ready, $failed failed, $processing processing"
    PH[render]=$(awk -v a="$t0" -v b="$t1" -v c="$t3" -v n="$((ready - 1))" -v w="$(awk -v a="$t2" -v b="$t3" 'BEGIN { print b - a }')" \
        -v cpu0="$cpu0" -v cpu1="$cpu1" 'BEGIN { split(cpu0, x, " "); split(cpu1, y, " ")
            printf "%.2f %.1f %.1f %.2f\n", (c - a > 0 ? n / (c - a) : 0), c - a, w, (n > 0 ? (y[1] - x[1]) / n : 0) }')
    [ "$failed" = 0 ] || PH[status]="$failed photos failed: $(curl -s -H "$auth" "$URL/api/v1/reports/$report/photos" \
        | jq -r '[.items[] | select(.state == "failed") | .failure][0]' | head -c 200)"
    log "photos: rendered ${PH[states]}; photos/s, s from the first upload, s after the last, server CPU s a photo: ${PH[render]}"
    PH[oom]=$(( $(cat "$WLP/usr/servers/fmq/logs/"*.log 2>/dev/null | grep -c OutOfMemoryError || true) - oom0 ))
    # Old generation after the run's collections: the part of the heap that outlives a young
    # collection, closer to the live data than "used", which counts garbage not yet collected.
    PH[old]=$(cat "$OUT/heap-photos-upload.txt" "$OUT/heap-photos-render.txt" 2>/dev/null | awk '
        $1 == "S0C" { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 ~ /^[0-9.]+$/ { if ($col["OU"] > ou) ou = $col["OU"]; if (f == "") f = $col["FGC"]; l = $col["FGC"]; y = $col["YGC"]; if (y0 == "") y0 = y }
        END { if (f == "") print "- - -"; else printf "%.0f %d %d\n", ou / 1024, y - y0, l - f }')
    PH[heap_upload]=$(heap_peak photos-upload)
    PH[heap_render]=$(heap_peak photos-render)
    for h in "${PH[heap_upload]}" "${PH[heap_render]}"; do
        read -r used committed <<<"$h"
        [ "$used" != - ] && [ "$used" -gt "$PEAK_USED" ] && PEAK_USED=$used
        [ "$committed" != - ] && [ "$committed" -gt "$PEAK_COMMITTED" ] && PEAK_COMMITTED=$committed
    done
    PH[bytes]=$bytes
}
if [[ " $SCENARIOS " == *" photos "* ]]; then
    run_photos
    [ "${PH[status]}" = ok ] || log "photos: ${PH[status]}"
fi

# ---------------------------------------------------------------- deliveries: webhook deliveries per second
# Issue 16: webhook deliveries per second to a loopback receiver, at 0 errors, and where the time
# goes. One webhook for report.created points at WebhookSink.java; N events are written straight
# into the outbox in one transaction (copies of the outbox row of one report created through the
# API), so that creating reports does not compete with delivering them; the time runs from that
# commit until the sink has seen N distinct webhook-ids. Two ceilings in the same run: the sink's
# own rate under hey with as many clients as the server has delivery workers, and pgbench doing
# per delivery what the dispatcher's SQL minimally needs (claim one due row with FOR UPDATE SKIP
# LOCKED, mark it delivered, commit) on a copy of fmq_delivery holding N due rows.
declare -A DL
DL[status]="not run"

sink_stats() { curl -s -m 5 "http://127.0.0.1:$1/stats" 2>/dev/null || true; }
# sink_field PORT FIELD -> the number, or -1 when the sink does not answer
sink_field() { local v; v=$(sink_stats "$1" | jq -r ".$2 // -1" 2>/dev/null || true); echo "${v:--1}"; }

# The SQL statements of the database during the measurement, when pg_stat_statements is loaded.
statements_available() {
    [ "$("${PSQL[@]}" -Atc "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'" 2>/dev/null)" = 1 ] \
        && "${PSQL[@]}" -Atc 'SELECT count(*) FROM pg_stat_statements LIMIT 1' >/dev/null 2>&1
}

run_deliveries() {
    local port webhook report event admin_token auth body t0 t1 tins deadline distinct last_distinct stalled
    local cpu0 cpu1 before after line
    if [ "$START_SERVER" = 1 ]; then
        DL[setup]="the runner started the server with fmq.delivery.workers=$DELIVERY_WORKERS, fmq.delivery.per-target=$DELIVERY_PER_TARGET and fmq.delivery.batch=$DELIVERY_BATCH"
    else
        DL[setup]="--no-server: the server's own fmq.delivery.workers, per-target and batch apply (the ceilings assume $DELIVERY_WORKERS workers and $DELIVERY_PER_TARGET calls at once)"
    fi
    DL[n]=$DELIVERIES
    DL[workers]=$DELIVERY_WORKERS

    java "$HERE/WebhookSink.java" 0 "$OUT/webhook-body.json" >"$OUT/webhook-sink.out" 2>&1 &
    SINK_PID=$!
    for _ in $(seq 1 120); do grep -q '^port ' "$OUT/webhook-sink.out" 2>/dev/null && break; sleep 0.5; done
    port=$(awk '/^port / { print $2 }' "$OUT/webhook-sink.out")
    [ -n "$port" ] || { DL[status]="the sink did not start: $(head -c 200 "$OUT/webhook-sink.out")"; return; }

    admin_token=$(curl -s -m 30 -X POST "$URL/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d "$(jq -nc --arg e "$ADMIN_EMAIL" --arg p "$ADMIN_PASSWORD" '{email: $e, password: $p}')" \
        | jq -r '.access_token // empty' 2>/dev/null || true)
    [ -n "$admin_token" ] || { DL[status]="the administrator $ADMIN_EMAIL cannot sign in (on a database whose first start did not set FMQ_ADMIN_EMAIL/FMQ_ADMIN_PASSWORD, use a new --db or FMQ_BENCH_ADMIN_*)"; return; }
    auth="Authorization: Bearer $admin_token"
    webhook=$(curl -s -m 30 -X POST "$URL/api/v1/admin/webhooks" -H 'Content-Type: application/json' -H "$auth" \
        -d "{\"url\":\"http://127.0.0.1:$port/hooks/fmq\",\"eventTypes\":[\"report.created\"],\"description\":\"deliveries benchmark $(date -u +%FT%TZ)\"}" \
        | tee "$OUT/webhook.json" | jq -r '.id // empty' 2>/dev/null || true)
    [ -n "$webhook" ] || { DL[status]="registering the webhook failed: $(head -c 200 "$OUT/webhook.json")"; return; }
    DL[webhook]=$webhook
    log "deliveries: webhook $webhook -> sink on port $port; probe: one report through the API"
    # Webhooks an earlier run left on this database would get every event too: removed.
    for h in $(curl -s -m 30 -H "$auth" "$URL/api/v1/admin/webhooks" | jq -r --arg keep "$webhook" \
            '(.items // .)[] | select((.description // "") | startswith("deliveries benchmark")) | select(.id != $keep) | .id' 2>/dev/null); do
        curl -s -m 30 -o /dev/null -X DELETE -H "$auth" "$URL/api/v1/admin/webhooks/$h"
        log "deliveries: removed the webhook $h of an earlier run"
    done

    # Probe, and the model of the events: one report created through the API, delivered end to end.
    report=$(curl -s -m 30 -X POST "$URL/api/v1/reports" -H 'Content-Type: application/json' \
        -H "Idempotency-Key: bench-deliveries-$(date +%s%N)" ${FMQ_BENCH_TOKEN:+-H "Authorization: Bearer $FMQ_BENCH_TOKEN"} \
        -d '{"title":"Overflowing bin at the bus stop","description":"The bin has not been emptied for a week.","category":"pothole","location":{"lat":48.8566,"lon":2.3522}}' \
        | jq -r '.id // empty' 2>/dev/null || true)
    [ -n "$report" ] || { DL[status]="could not create the model report through the API"; return; }
    deadline=$(( $(date +%s) + 60 ))
    until [ "$(sink_field "$port" distinct)" -ge 1 ]; do
        [ "$(date +%s)" -lt "$deadline" ] || { DL[status]="the model report's event did not reach the sink within 60 s"; return; }
        sleep 0.2
    done
    event=$("${PSQL[@]}" -Atc "SELECT id FROM fmq_outbox_event WHERE event_type = 'report.created' AND aggregate_id = '$report'")
    [ -n "$event" ] || { DL[status]="no report.created outbox row for report $report"; return; }
    DL[body]=$(stat -c %s "$OUT/webhook-body.json" 2>/dev/null || echo 0)
    DL[payload]=$("${PSQL[@]}" -Atc "SELECT length(payload) FROM fmq_outbox_event WHERE id = '$event'")
    log "deliveries: probe delivered (event $event, request body ${DL[body]} bytes)"

    # Ceiling 1: the sink's own rate, the same body and headers, as many clients as the server may
    # have calls in progress to it.
    local headers=() h
    while IFS= read -r h; do
        case "${h,,}" in webhook-timestamp:*|webhook-signature:*|user-agent:*) headers+=(-H "$h") ;; esac
    done <"$OUT/webhook-body.json.headers"
    hey -n 2000 -c "$DELIVERY_PER_TARGET" -m POST -D "$OUT/webhook-body.json" -T application/json \
        -H "webhook-id: ceiling-warmup" "${headers[@]}" "http://127.0.0.1:$port/hooks/fmq" >/dev/null 2>&1 || true
    log "deliveries: ceiling 1, $DELIVERIES POSTs of ${DL[body]} bytes to the sink with $DELIVERY_PER_TARGET clients (hey)"
    hey -n "$DELIVERIES" -c "$DELIVERY_PER_TARGET" -m POST -D "$OUT/webhook-body.json" -T application/json \
        -H "webhook-id: ceiling" "${headers[@]}" "http://127.0.0.1:$port/hooks/fmq" >"$OUT/hey-deliveries-sink.txt" 2>&1 || true
    DL[sink]=$(awk '/Requests\/sec:/ { rps = $2 } /^ *\[204\]/ { ok = $2 }
        /Latency distribution/ { ld = 1 } ld && /50% in/ { p50 = $3 * 1000 } ld && /99% in/ { p99 = $3 * 1000 }
        END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, ok }' "$OUT/hey-deliveries-sink.txt")
    log "deliveries: sink POSTs/s p50 p99 204s: ${DL[sink]}"
    curl -s -m 5 -X DELETE "http://127.0.0.1:$port/stats" >/dev/null

    # Ceiling 2: the claim-and-mark SQL, one transaction per delivery, as many clients as workers.
    log "deliveries: ceiling 2, pgbench claims and marks $DELIVERIES deliveries with $DELIVERY_WORKERS clients"
    "${PSQL[@]}" -v n="$DELIVERIES" -f "$HERE/sql/deliveries-ceiling.sql" >>"$OUT/run.log" 2>&1 \
        || { DL[status]="preparing fmq_bench_delivery failed, see $OUT/run.log"; return; }
    local per_client=$(( (DELIVERIES + DELIVERY_WORKERS - 1) / DELIVERY_WORKERS )) raw_left
    # Exactly as many rows as transactions: the last clients must not find the table empty.
    "${PSQL[@]}" -c "INSERT INTO fmq_bench_delivery (id, event_id, consumer, state, attempts, next_attempt_at, updated_at)
        SELECT md5('extra' || g), md5('extra-event' || g), 'webhook/benchmark', 'pending', 0, now(), now()
        FROM generate_series(1, $(( per_client * DELIVERY_WORKERS - DELIVERIES ))) g" >/dev/null
    pgbench -n -c "$DELIVERY_WORKERS" -j 2 -t "$per_client" -f "$HERE/pgbench/deliver.pgb" "$DB" \
        >"$OUT/pgbench-deliveries.txt" 2>&1 || true
    raw_left=$("${PSQL[@]}" -Atc "SELECT count(*) FROM fmq_bench_delivery WHERE state = 'pending'")
    DL[raw]=$(awk -v left="$raw_left" '/^tps = / { tps = $3 } /number of failed transactions/ { failed = $5 }
        /latency average/ { lat = $4 } END { printf "%.0f %.2f %s %s\n", tps, lat, (failed == "" ? "?" : failed), left }' "$OUT/pgbench-deliveries.txt")
    "${PSQL[@]}" -c 'DROP TABLE fmq_bench_delivery' >/dev/null
    log "deliveries: raw SQL tx/s, mean ms, failed, left pending: ${DL[raw]}"

    # The measurement.
    local statements=0
    if statements_available; then
        statements=1
        "${PSQL[@]}" -Atc 'SELECT pg_stat_statements_reset()' >/dev/null 2>&1 || statements=0
    fi
    sleep 2   # the dispatcher's idle polls before the measurement are not the measurement's
    log "deliveries: writing $DELIVERIES report.created events into the outbox in one transaction, then waiting for the sink"
    profile_start deliveries
    before=$(db_counters)
    cpu0=$(cpu_counters)
    tins=$(date +%s.%N)
    "${PSQL[@]}" -v n="$DELIVERIES" -v event="$event" -f "$HERE/sql/deliveries-outbox.sql" >>"$OUT/run.log" 2>&1 \
        || { profile_stop deliveries; DL[status]="writing the outbox rows failed, see $OUT/run.log"; return; }
    t0=$(date +%s.%N)
    # Bounded: at most 120 s plus 10 ms a delivery (50 s for 20,000 at 400/s would already be slow),
    # and given up after 30 s without a new delivery.
    deadline=$(( $(date +%s) + 120 + DELIVERIES / 100 ))
    last_distinct=-1; stalled=$(date +%s)
    local analyzed=$DELIVERY_ANALYZE
    DL[autovacuum]=$("${PSQL[@]}" -Atc 'SHOW autovacuum')
    while :; do
        if [ "$analyzed" = 1 ] && [ "$("${PSQL[@]}" -Atc "SELECT count(*) FROM fmq_outbox_event WHERE published_at IS NULL")" = 0 ]; then
            # The events are fanned out: statistics as autovacuum would soon have them.
            "${PSQL[@]}" -c 'ANALYZE fmq_outbox_event' -c 'ANALYZE fmq_delivery' >/dev/null
            DL[analyzed]=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
            analyzed=0
        fi
        distinct=$(sink_field "$port" distinct)
        [ "$distinct" -ge "$DELIVERIES" ] && break
        if [ "$distinct" != "$last_distinct" ]; then last_distinct=$distinct; stalled=$(date +%s); fi
        if [ "$(date +%s)" -ge "$deadline" ] || [ $(( $(date +%s) - stalled )) -ge 30 ]; then
            DL[status]="the sink has $distinct of $DELIVERIES events after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s"
            break
        fi
        sleep 0.2
    done
    t1=$(date +%s.%N)
    cpu1=$(cpu_counters)
    # The last deliveries' transactions commit just after the sink answered them: wait for them
    # (bounded) before reading the states.
    for _ in $(seq 1 50); do
        [ "$("${PSQL[@]}" -Atc "SELECT count(*) FROM fmq_delivery WHERE consumer = 'webhook/$webhook' AND state = 'pending'")" = 0 ] && break
        sleep 0.2
    done
    after=$(db_counters)
    profile_stop deliveries

    local stats
    stats=$(sink_stats "$port")
    printf '%s\n' "$stats" >"$OUT/webhook-sink-stats.json"
    DL[distinct]=$(jq -r .distinct <<<"$stats"); DL[total]=$(jq -r .total <<<"$stats")
    DL[duplicates]=$(( DL[total] - DL[distinct] ))
    # Seconds from the commit to the first delivery and to the last new id, by the sink's clock.
    DL[timing]=$(jq -r '"\(.firstAtMs) \(.lastNewAtMs)"' <<<"$stats" | awk -v t0="$t0" -v tins="$tins" -v n="${DL[distinct]}" '{
        first = $1 / 1000 - t0; last = $2 / 1000 - t0
        printf "%.0f %.2f %.2f %.2f\n", (last > 0 ? n / last : 0), last, first, t0 - tins }')
    read -r DL[rate] DL[seconds] _ _ <<<"${DL[timing]}"
    # The deliveries' states at the end; errors are the generated events not delivered.
    "${PSQL[@]}" -Atc "SELECT d.state, count(*), sum(d.attempts), round(avg(d.last_latency_ms), 2),
                              round(percentile_cont(0.99) WITHIN GROUP (ORDER BY d.last_latency_ms)::numeric, 2)
                       FROM fmq_delivery d WHERE d.consumer = 'webhook/$webhook' AND d.event_id <> '$event'
                       GROUP BY d.state ORDER BY d.state" >"$OUT/deliveries-states.txt"
    DL[delivered]=$(awk -F'|' '$1 == "delivered" { print $2 }' "$OUT/deliveries-states.txt"); DL[delivered]=${DL[delivered]:-0}
    DL[states]=$(awk -F'|' '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }' "$OUT/deliveries-states.txt")
    DL[errors]=$(( DELIVERIES - DL[delivered] ))
    DL[retried]=$(awk -F'|' '{ a += $3; n += $2 } END { print a - n + 0 }' "$OUT/deliveries-states.txt")
    DL[call]=$(awk -F'|' '$1 == "delivered" { printf "%s %s", $4, $5 }' "$OUT/deliveries-states.txt")
    DL[unpublished]=$("${PSQL[@]}" -Atc "SELECT count(*) FROM fmq_outbox_event WHERE published_at IS NULL
                                        AND event_type = 'report.created' AND occurred_at >= to_timestamp($tins)")
    DL[fanout]=$("${PSQL[@]}" -Atc "SELECT round(extract(epoch FROM max(published_at))::numeric - $t0, 2)
                                   FROM fmq_outbox_event WHERE event_type = 'report.created' AND occurred_at >= to_timestamp($tins)")
    DL[cpu]=$(cpu_share "$cpu0" "$cpu1" /dev/null "$(awk -v a="$tins" -v b="$t1" 'BEGIN { print b - a }')" | sed 's/, wrk [0-9]* %//')
    DL[db]=$(db_per_request "$before" "$after" "$DELIVERIES" | sed 's/^per request/per delivery (with its share of the fan-out)/')
    DL[worker_ms]=$(awk -v r="${DL[rate]}" -v w="$DELIVERY_WORKERS" 'BEGIN { if (r > 0) printf "%.2f", 1000 * w / r; else print "-" }')
    if [ "$statements" = 1 ]; then
        "${PSQL[@]}" -Atc "SELECT round(calls::numeric / $DELIVERIES, 2) || ' a delivery, ' || round(mean_exec_time::numeric, 3) || ' ms: '
                                  || regexp_replace(left(query, 160), '\\s+', ' ', 'g')
                           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                           ORDER BY total_exec_time DESC LIMIT 12" >"$OUT/deliveries-statements.txt" 2>&1 || true
    fi
    [ "${DL[status]}" = "not run" ] && DL[status]=ok
    log "deliveries: ${DL[distinct]} distinct of $DELIVERIES in ${DL[seconds]} s: ${DL[rate]}/s; ${DL[duplicates]} duplicates; states ${DL[states]}"
    kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; SINK_PID=""
    if [ ! -s "$OUT/profile-deliveries.txt" ] && [ -n "$JFR_AT_START" ] && [ "$STARTED" = 1 ]; then
        # jcmd could not attach: the recording that started with the server is written when it
        # stops (nothing after this scenario needs the server), then cut to the measurement.
        stop_server
        for _ in $(seq 1 60); do [ -s "$JFR_AT_START" ] && break; sleep 0.5; done
        [ -s "$JFR_AT_START" ] && profile_summary "$JFR_AT_START" deliveries \
            "$(date -d "@$tins" +%H:%M:%S.%3N)" "$(date -d "@$t1" +%H:%M:%S.%3N)"
    fi
}
if [[ " $SCENARIOS " == *" deliveries "* ]]; then
    run_deliveries
    [ "${DL[status]}" = ok ] || log "deliveries: ${DL[status]}"
fi

# ---------------------------------------------------------------- EXPLAIN of the raw queries
if [ "$EXPLAIN" = 1 ]; then
    log "EXPLAIN (ANALYZE, BUFFERS) of the raw queries -> $OUT/explain.txt"
    {
        # nearby and bbox: each statement explained but the one that finds the shapes' ids (\gset).
        for q in nearby bbox; do
            echo "=== $q.sql (Paris centre; the shapes' box query, then the search)"
            sed -e 's/:dlat/0.008983/g; s/:dlon/0.013790/g; s/:lat/48.8566/g; s/:lon/2.3522/g' -e '/^--/d' \
                -e '/^SELECT quote_literal/!s/^SELECT/EXPLAIN (ANALYZE, BUFFERS) SELECT/' "$HERE/sql/$q.sql" \
                | "${PSQL[@]}" -At 2>&1
        done
        for q in most-voted text-search; do
            echo "=== $q.sql (word 'fuite')"
            sed -e "s/:word/'fuite'/g" -e '/^--/d' "$HERE/sql/$q.sql" \
                | { echo 'EXPLAIN (ANALYZE, BUFFERS)'; cat; } | "${PSQL[@]}" -At 2>&1
        done
        echo "=== clusters.sql (the map of Paris at zoom 12)"
        sed -e 's/:dlat/0.081349/g; s/:dlon/0.219727/g; s/:lat/48.8566/g; s/:lon/2.3522/g; s/:cell/0.02197265625/g' \
            -e '/^--/d' "$HERE/sql/clusters.sql" | { echo 'EXPLAIN (ANALYZE, BUFFERS)'; cat; } | "${PSQL[@]}" -At 2>&1
        echo "=== create-report.sql (each statement explained, then rolled back)"
        sed -e 's/:rid/1/g; s/:hid/2/g; s/:eid/3/g; s/:uid/4/g; s/:cat/1/g; s/:lat/48.8566/g; s/:lon/2.3522/g' \
            -e '/^--/d; s/^INSERT/EXPLAIN (ANALYZE, BUFFERS) INSERT/; s/^END;/ROLLBACK;/' "$HERE/sql/create-report.sql" \
            | "${PSQL[@]}" -At 2>&1
    } >"$OUT/explain.txt"
fi

# ---------------------------------------------------------------- report
HOST_LINE="$(date -u +'%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(psql -X -d "$DB" -Atc 'SHOW server_version' | cut -d' ' -f1) PostgreSQL, $REPORTS reports"
MAX_HEAP="-"
if [ -n "$SERVER_PID" ]; then
    MAX_HEAP=$(jcmd "$SERVER_PID" VM.flags 2>/dev/null | tr ' ' '\n' | awk -F= '/^-XX:MaxHeapSize=/ { printf "%.0f\n", $2 / 1048576 }')
fi

{
    echo "FixMyQuarter benchmark: $HOST_LINE"
    echo "$SEED_LINE"
    echo
    # The table of the wrk/pgbench scenarios, and what explains them; none when only photos ran.
    if [ -n "$SQL_SCENARIOS" ]; then
    echo "clients $CLIENTS, ${DURATION}s per measurement after ${WARMUP}s of warm-up; wrk for the API, pgbench -j 2 for the raw SQL"
    echo
    echo "| scenario | API req/s | API p50 ms | API p99 ms | raw tx/s | raw p50 ms | raw p99 ms | API/raw throughput | API/raw p99 | peak heap used MB | note |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    for s in $SQL_SCENARIOS; do
        read -r a_rps a_p50 a_p99 _ _ _ <<<"${API[$s]}"
        read -r r_tps r_p50 r_p99 _ <<<"${RAW[$s]}"
        note=${STATUS[$s]}
        [ "$note" = ok ] && note=""
        note=$(printf '%s' "$note" | tr '|' '/' | cut -c1-160)
        echo "| $s | $a_rps | $a_p50 | $a_p99 | $r_tps | $r_p50 | $r_p99 | $(ratio "$a_rps" "$r_tps") | $(ratio "$a_p99" "$r_p99") | $(echo "${HEAP[$s]:--}" | cut -d' ' -f1) | $note |"
    done
    if [[ " $SCENARIOS " == *" nearby "* ]]; then
        read -r o_rps o_p50 o_p99 o_bad <<<"$OPEN_API"
        read -r or_tps or_p50 or_p99 _ <<<"$OPEN_RAW"
        echo "| nearby at $RATE/s (open loop) | $o_rps | $o_p50 | $o_p99 | $or_tps | $or_p50 | $or_p99 | - | $(ratio "$o_p99" "$or_p99") | - | ${o_bad:+$o_bad non-2xx} |"
    fi
    if [ -s "$OUT/clusters-in-view.txt" ]; then
        echo
        echo "clusters: $(cat "$OUT/clusters-in-view.txt") reports in the map's view (Paris, zoom 12, 1280 x 720), counted in $(jq '.features | length' "$OUT/probe-clusters.json" 2>/dev/null || echo '?') clusters"
    fi
    echo
    echo "Database work behind one API request (PostgreSQL's counters during the measurement, all clients):"
    for s in $SQL_SCENARIOS; do if [ -n "${DBWORK[$s]:-}" ]; then echo "- $s: ${DBWORK[$s]}"; fi; done
    echo
    echo "Who used the CPU during each API measurement:"
    for s in $SQL_SCENARIOS; do if [ -n "${CPU[$s]:-}" ]; then echo "- $s: ${CPU[$s]}"; fi; done
    echo
    fi
    echo "Server heap: peak used ${PEAK_USED} MB, peak committed ${PEAK_COMMITTED} MB, max heap ${MAX_HEAP:--} MB${SERVER_JVM_ARGS:+ (JVM_ARGS $SERVER_JVM_ARGS)}"
    echo
    if [[ " $SCENARIOS " == *" photos "* ]]; then
        echo "## Photo uploads: 8 clients, $PHOTO_UPLOADS uploads of the same JPEG (${PH[photo]:-no photo})"
        echo
        if [ -n "${PH[api]:-}" ]; then
            read -r a_p50 a_p99 a_ok a_other a_ups a_mbs _ <<<"${PH[api]}"
            read -r s_p50 s_p99 s_ok s_other s_ups s_mbs _ <<<"${PH[sink]}"
            echo "| 8 concurrent uploads | uploads/s | MB/s | p50 ms | p99 ms | 201 answers | other answers |"
            echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
            echo "| API: POST /api/v1/reports/{id}/photos | $a_ups | $a_mbs | $a_p50 | $a_p99 | $a_ok | $a_other |"
            echo "| ceiling: UploadSink.java (reads, discards) | $s_ups | $s_mbs | $s_p50 | $s_p99 | $s_ok | $s_other |"
            echo "| API / ceiling | $(ratio "$a_ups" "$s_ups") | $(ratio "$a_mbs" "$s_mbs") | $(ratio "$a_p50" "$s_p50") | $(ratio "$a_p99" "$s_p99") | | |"
            echo
            read -r r_rate r_total r_after r_cpu <<<"${PH[render]:-- - - -}"
            echo "- rendering (thumbnail, medium, original; one photo at a time): ${PH[states]:-?}; all done ${r_total} s after the first upload began, ${r_after} s after the last upload ended: **${r_rate} photos/s**; server CPU ${r_cpu} s a photo (upload and rendering)"
            read -r hu_used hu_comm <<<"${PH[heap_upload]:-- -}"
            read -r hr_used hr_comm <<<"${PH[heap_render]:-- -}"
            read -r old_mb young_gcs full_gcs <<<"${PH[old]:-- - -}"
            echo "- server heap, peak used / committed: during the uploads $hu_used / $hu_comm MB, during the rendering $hr_used / $hr_comm MB; max heap ${MAX_HEAP:--} MB; old generation at most $old_mb MB; $young_gcs young and $full_gcs full collections; ${PH[oom]:-?} OutOfMemoryError in the server's logs"
            if [ "$a_other" = none ]; then echo "- all $a_ok uploads answered 201"; else echo "- NOT all uploads answered 201: $a_other"; fi
            photo_peak=$(awk -v a="$hu_used" -v b="$hr_used" 'BEGIN { if (a == "-" && b == "-") print "-"; else print (a + 0 > b + 0 ? a : b) }')
            # Used <= 256 MB alone proves nothing under -Xmx256m: the target also needs every upload
            # accepted and rendered, and no OutOfMemoryError on the way.
            verdict=$(check "$photo_peak" '<=' 256)
            why="peak used $photo_peak MB"
            if [ "$verdict" = met ] && { [ "$a_other" != none ] || [ "${PH[status]}" != ok ] || [ "${PH[oom]:-0}" != 0 ]; }; then
                verdict=MISSED; why="$why, but not every photo was accepted and rendered, or the server ran out of heap"
            fi
            echo "- server heap <= 256 MB throughout: $verdict ($why)"
        fi
        [ "${PH[status]}" = ok ] || echo "- photos NOT (fully) MEASURED: ${PH[status]}"
        echo
    fi
    if [[ " $SCENARIOS " == *" deliveries "* ]]; then
        echo "## Webhook deliveries: ${DL[n]} report.created events written into the outbox in one transaction, one webhook, a loopback sink"
        echo
        echo "${DL[setup]}"
        echo
        if [ -n "${DL[raw]:-}" ]; then
            read -r s_rps s_p50 s_p99 s_ok <<<"${DL[sink]:-- - - -}"
            read -r r_tps r_lat r_failed r_left <<<"${DL[raw]:-- - - -}"
            d_rate=${DL[rate]:--}
            echo "| ${DL[workers]} concurrent | deliveries/s | note |"
            echo "| --- | ---: | --- |"
            echo "| API: the server's dispatcher, commit of the events to the sink's last new id | $d_rate | ${DL[distinct]:-?} distinct ids in ${DL[seconds]:-?} s |"
            echo "| ceiling 1: hey POSTing the same ${DL[body]:-?}-byte body to WebhookSink.java | $s_rps | p50 $s_p50 ms, p99 $s_p99 ms, $s_ok answered 204 |"
            echo "| ceiling 2: pgbench, claim (SKIP LOCKED) + mark delivered, one transaction each (pgbench/deliver.pgb) | $r_tps | mean $r_lat ms, $r_failed failed, $r_left left pending |"
            echo "| API / sink | $(ratio "$d_rate" "$s_rps") | |"
            echo "| API / SQL | $(ratio "$d_rate" "$r_tps") | |"
            echo
            read -r _ _ first inserted <<<"${DL[timing]:-- - - -}"
            read -r call_avg call_p99 <<<"${DL[call]:-- -}"
            echo "- deliveries: ${DL[states]:-?}; errors (events not delivered) ${DL[errors]:-?}; duplicates at the sink ${DL[duplicates]:-?} (${DL[total]:-?} requests for ${DL[distinct]:-?} ids); extra attempts ${DL[retried]:-?}"
            echo "- writing the ${DL[n]} outbox rows took ${inserted} s; the first delivery reached the sink ${first} s after the commit; the last event was fanned out ${DL[fanout]:-?} s after it; ${DL[unpublished]:-?} left unpublished"
            if [ -n "${DL[analyzed]:-}" ]; then
                echo "- PostgreSQL's autovacuum is ${DL[autovacuum]:-?}; the runner ANALYZEd fmq_outbox_event and fmq_delivery ${DL[analyzed]} s after the commit, once every event was fanned out (as autovacuum would on a production database)"
            else
                echo "- PostgreSQL's autovacuum is ${DL[autovacuum]:-?}; no ANALYZE by the runner (--no-analyze, or the fan-out did not end)"
            fi
            echo "- a worker spends ${DL[worker_ms]:-?} ms a delivery (${DL[workers]} workers / rate), of which the HTTP call to the sink (fmq_delivery.last_latency_ms) ${call_avg:-?} ms on average, ${call_p99:-?} ms at p99"
            echo "- ${DL[cpu]:-CPU not sampled}"
            echo "- database work ${DL[db]:-not measured}"
            if [ -s "$OUT/deliveries-statements.txt" ]; then
                echo "- pg_stat_statements, by total time (calls a delivery, mean time):"
                sed 's/^/    - /' "$OUT/deliveries-statements.txt"
            else
                echo "- pg_stat_statements is not loaded in this PostgreSQL (shared_preload_libraries): no per-statement figures"
            fi
            verdict=$(check "$d_rate" '>=' 2000)
            [ "$verdict" != met ] || [ "${DL[errors]:-1}" = 0 ] || verdict="MISSED (${DL[errors]:-?} errors)"
            echo "- target >= 2,000 deliveries/s at 0 errors: $verdict (${d_rate}/s, ${DL[errors]:-?} errors)"
        fi
        [ "${DL[status]}" = ok ] || echo "- deliveries NOT (fully) MEASURED: ${DL[status]}"
        echo
    fi
    echo "Targets (issue 7):"
    t() { printf -- '- %s: %s (%s)\n' "$1" "$2" "$3"; }
    read -r a_rps _ a_p99 _ _ _ <<<"${API[nearby]:-- - - - - -}"; read -r r_tps _ r_p99 _ <<<"${RAW[nearby]:-- - - -}"
    x=$(ratio "$a_rps" "$r_tps"); t "nearby throughput >= 0.8x raw" "$(check "$x" '>=' 0.8)" "ratio $x"
    x=$(ratio "$a_p99" "$r_p99"); t "nearby p99 <= 1.5x raw" "$(check "$x" '<=' 1.5)" "ratio $x"
    read -r _ o_p50 _ _ <<<"$OPEN_API"; t "nearby p50 at $RATE/s <= 5 ms" "$(check "$o_p50" '<=' 5)" "p50 $o_p50 ms"
    read -r a_rps _ _ _ _ _ <<<"${API[create]:-- - - - - -}"; read -r r_tps _ _ _ <<<"${RAW[create]:-- - - -}"
    x=$(ratio "$a_rps" "$r_tps"); t "creation throughput >= 0.6x raw" "$(check "$x" '>=' 0.6)" "ratio $x"
    for s in text votes; do
        read -r _ _ a_p99 _ _ _ <<<"${API[$s]:-- - - - - -}"; read -r _ _ r_p99 _ <<<"${RAW[$s]:-- - - -}"
        x=$(ratio "$a_p99" "$r_p99"); t "$s p99 <= 2x raw" "$(check "$x" '<=' 2)" "ratio $x"
    done
    if [ "$PEAK_USED" -gt 0 ]; then
        t "server heap <= 256 MB throughout" "$(check "$PEAK_USED" '<=' 256)" "peak used $PEAK_USED MB"
    else
        t "server heap <= 256 MB throughout" "-" "not sampled"
    fi
    echo "('-' = not measurable in this run; see the note column)"
    for s in $SQL_SCENARIOS photos-upload deliveries; do
        [ -s "$OUT/profile-$s.txt" ] || continue
        echo
        echo "Profile of the server during the $s measurement (JFR):"
        echo '```'
        cat "$OUT/profile-$s.txt"
        echo '```'
    done
} | tee "$OUT/results.md"
log "results in $OUT/results.md, logs beside it"
