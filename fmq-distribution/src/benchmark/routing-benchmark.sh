#!/usr/bin/env bash
# Area routing with 10,000 areas (issue 18; docs/performance.md, "Area routing"): the time per
# report of AreaRouting on PostgreSQL without PostGIS (the in-memory index) and with it, each
# beside its ceiling measured in the same run. It creates and drops the databases
# fmq_bench_routing and fmq_bench_routing_postgis; the second needs Debian's PostGIS package.
#
#   fmq-distribution/src/benchmark/routing-benchmark.sh [--reports N] [--only memory|postgis] [--no-profile]
#
# PGHOST/PGPORT/PGUSER are not read: the benchmark connects like the core's tests, to
# -Dfmq.test.pg.url (jdbc:postgresql://127.0.0.1:5432/postgres, user postgres), which
# FMQ_BENCH_PG_URL overrides. No server is started and no port opened.
set -euo pipefail
cd "$(dirname "$0")/../../.."

reports=20000
only=both
profile=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reports) reports="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-profile) profile=0; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

out="fmq-distribution/target/benchmark/routing-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
module=fmq-core/fmq-domain
# The core's test classes hold the benchmark; its test class path has JPA, the drivers and Flyway.
./mvnw -o -q test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/routing-classpath.txt -pl "$module" -am
classpath="$module/target/test-classes:$module/target/classes:$(cat "$module/target/routing-classpath.txt")"

jvm=(-Xmx1g "-Dfmq.bench.routing.only=$only")
if [ -n "${FMQ_BENCH_PG_URL:-}" ]; then
  jvm+=("-Dfmq.test.pg.url=$FMQ_BENCH_PG_URL")
fi
if [ "$profile" = 1 ]; then
  jvm+=("-XX:StartFlightRecording=filename=$out/routing.jfr,settings=profile")
fi
java "${jvm[@]}" -cp "$classpath" org.fixmyquarter.core.area.AreaRoutingBenchmark "$reports" \
  2> >(grep -v '^INFO: \|flywaydb' >&2) | tee "$out/results.txt"

if [ "$profile" = 1 ] && command -v jfr >/dev/null 2>&1; then
  # Where routing's CPU went: of the samples whose stack passes through AreaRouting (not the
  # import, not the ceilings), the innermost frame, counted.
  jfr print --stack-depth 64 --events jdk.ExecutionSample "$out/routing.jfr" > "$out/samples.txt" || true
  awk '/stackTrace = \[/ {inside=1; first=""; routing=0; next}
       inside && /^[ \t]*\]/ {if (routing) print first; inside=0; next}
       inside && NF {line=$0; sub(/^[ \t]+/, "", line); sub(/[ \t]+line:.*/, "", line);
                     if (first == "") first=line; if (line ~ /AreaRouting\./) routing=1}' \
    "$out/samples.txt" | sort | uniq -c | sort -rn | head -25 > "$out/profile-top-frames.txt" || true
  echo "Hottest frames (JFR, innermost frame of each sample): $out/profile-top-frames.txt"
  head -15 "$out/profile-top-frames.txt" || true
fi
echo "Results in $out"
