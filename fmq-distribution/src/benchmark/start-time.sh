#!/usr/bin/env bash
# How long the packaged server takes to start, first and again; see docs/performance.md#start-time.
# Not part of the test suite.
#
#   fmq-distribution/src/benchmark/start-time.sh [--runs N] [--port P]
#
# Times, to the first 200 of /health/ready, on the embedded H2 database:
#   - the runnable jar's first start in an empty data folder (unpacks the runtime, creates the
#     schema, makes the keys and the keystore);
#   - N starts after a SIGTERM, and N after a SIGKILL, in that data folder;
#   - as the reference measured in the same run: the same server started by Liberty's own script
#     (fmq-distribution/target/liberty/wlp/bin/server run fmq), warm, N times.
# Build first: ./mvnw -Prunnable -DskipTests -pl fmq-distribution -am package
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
JAR=$REPO/fmq-distribution/target/fixmyquarter.jar
WLP=$REPO/fmq-distribution/target/liberty/wlp
RUNS=3
PORT=9980
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --port) PORT=$2; shift 2 ;;
        *) echo "usage: start-time.sh [--runs N] [--port P]" >&2; exit 2 ;;
    esac
done
[ -f "$JAR" ] || { echo "No $JAR: build it with ./mvnw -Prunnable -DskipTests -pl fmq-distribution -am package" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fmq-start-time.XXXXXX")
trap 'kill -9 ${PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
export FMQ_HTTP_PORT=$PORT FMQ_HTTPS_PORT=$((PORT + 1)) FMQ_HTTP_HOST=localhost

now() { date +%s.%N; }
# Waits for /health/ready and prints the seconds since $1.
ready_after() {
    local started=$1
    for _ in $(seq 1 1200); do
        if curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/health/ready" 2>/dev/null | grep -q 200; then
            echo "$(now) - $started" | bc
            return
        fi
        kill -0 "$PID" 2>/dev/null || { echo "the server exited while starting" >&2; exit 1; }
        sleep 0.1
    done
    echo "not ready within 120 s" >&2
    exit 1
}
# Starts the jar in the background (PID) and sets TOOK to the seconds until it was ready.
start_jar() {
    local started
    started=$(now)
    (cd "$WORK" && exec java -jar "$JAR" >> "$WORK/jar.log" 2>&1) &
    PID=$!
    TOOK=$(ready_after "$started")
}
stop() { kill "-$1" "$PID"; wait "$PID" 2>/dev/null || true; }

declare -a first after_term after_kill reference
start_jar; first+=("$TOOK")
for _ in $(seq 1 "$RUNS"); do stop TERM; start_jar; after_term+=("$TOOK"); done
for _ in $(seq 1 "$RUNS"); do stop KILL; start_jar; after_kill+=("$TOOK"); done
stop TERM

# The reference: Liberty's own launcher on the same server configuration, warmed up by one start.
SERVER_DATA=$WORK/reference-data
for i in $(seq 0 "$RUNS"); do
    started=$(now)
    FMQ_DATA_DIR=$SERVER_DATA "$WLP/bin/server" run fmq >> "$WORK/reference.log" 2>&1 &
    PID=$!
    took=$(ready_after "$started")
    [ "$i" -gt 0 ] && reference+=("$took")
    stop TERM
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ref=$(median "${reference[@]}")
printf '%-44s %8s %8s\n' "start (to the first 200 of /health/ready)" "median s" "/ ref"
row() { local m; m=$(median "${@:2}"); printf '%-44s %8.1f %8.2f   (%s)\n' "$1" "$m" "$(echo "$m / $ref" | bc -l)" "${*:2}"; }
row "jar, first start (empty data folder)" "${first[@]}"
row "jar, after SIGTERM" "${after_term[@]}"
row "jar, after SIGKILL" "${after_kill[@]}"
row "reference: Liberty's 'server run', warm" "${reference[@]}"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
