#!/usr/bin/env bash
# The variant job benchmark: our PhotoRenderer (JMH, then a peak-heap and CPU probe in a 256 MB
# JVM) against libvips' vipsthumbnail on the same 12-megapixel JPEG, same three sizes, quality 85.
# Usage: src/benchmark/run.sh [runs]   (RUNS for vips and the probe, default 10)
# Prints a table at the end; see docs/media.md, "Benchmark: the variant job".
set -euo pipefail

RUNS="${1:-${RUNS:-10}}"
HERE="$(cd "$(dirname "$0")" && pwd)"
MODULE="$(cd "$HERE/../.." && pwd)"
ROOT="$(cd "$MODULE/../.." && pwd)"
WORK="$MODULE/target/benchmark"
mkdir -p "$WORK"

# 1. libvips, the reference: Debian's command-line tools.
if ! command -v vipsthumbnail >/dev/null 2>&1; then
  echo "== installing libvips-tools"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y --no-install-recommends libvips-tools \
    || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends libvips-tools; }
fi

# 2. Build: the benchmark profile compiles src/benchmark/java with the tests (it uses TestImages).
echo "== building"
cd "$ROOT"
./mvnw -o -q -Pbenchmark test-compile -pl fmq-core/fmq-imaging -am
./mvnw -o -q -Pbenchmark dependency:build-classpath -pl fmq-core/fmq-imaging \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"
CP="$MODULE/target/classes:$MODULE/target/test-classes:$(cat "$WORK/classpath.txt")"

PHOTO="$WORK/photo-12mp.jpg"
java -cp "$CP" org.fixmyquarter.imaging.benchmark.VariantJob "$PHOTO" 4000 3000

# 3. JMH: average time per photo, and allocation per photo (-prof gc), in a -Xmx256m fork.
echo "== JMH (about a minute)"
java -cp "$CP" org.openjdk.jmh.Main VariantJobBenchmark -p source="$PHOTO" -prof gc \
  -rf json -rff "$WORK/jmh.json" | tee "$WORK/jmh.txt"

# 4. Heap and CPU time per photo. CPU and the live heap in a -Xmx256m JVM (the server's), one
#    photo at a time; then the smallest heap one photo runs in; then 4 and 8 photos at once in 256 MB.
echo "== probe: heap and CPU"
probe() { # heap MB, photos, threads
  java -Xmx"$1"m -cp "$CP" org.fixmyquarter.imaging.benchmark.HeapAndCpuProbe "$PHOTO" "$2" "$3" 2>&1 \
    | grep -m1 -E '^photos=|OutOfMemoryError' || echo "failed"
}
PROBE1="$(probe 256 "$RUNS" 1)"
echo "$PROBE1"
MIN_HEAP="none up to 256"
for heap in 40 48 56 64 80 96 128 160 192 256; do
  if probe "$heap" 3 1 | grep -q '^photos='; then MIN_HEAP="$heap"; break; fi
done
echo "smallest -Xmx for one photo at a time: $MIN_HEAP MB"
PROBE4="$(probe 256 8 4)"
echo "4 at once: $PROBE4"
PROBE8="$(probe 256 16 8)"
echo "8 at once: $PROBE8"

# 5. vips: the same three files, CPU time (user + system, all threads) over RUNS photos.
echo "== vips, $RUNS runs"
OUT="$WORK/vips"
mkdir -p "$OUT"
vips_once() {
  vipsthumbnail "$PHOTO" --size 320x320 -o "$OUT/thumbnail.jpg[Q=85,strip]"
  vipsthumbnail "$PHOTO" --size 1280x1280 -o "$OUT/medium.jpg[Q=85,strip]"
  vips copy "$PHOTO" "$OUT/original.jpg[Q=85,strip]"
}
vips_once # warm the file cache
/usr/bin/time -f "%U %S %e" -o "$WORK/vips.time" bash -c "
  for i in \$(seq $RUNS); do
    vipsthumbnail '$PHOTO' --size 320x320 -o '$OUT/thumbnail.jpg[Q=85,strip]'
    vipsthumbnail '$PHOTO' --size 1280x1280 -o '$OUT/medium.jpg[Q=85,strip]'
    vips copy '$PHOTO' '$OUT/original.jpg[Q=85,strip]'
  done"
read -r VU VS VE < "$WORK/vips.time"

# 6. The table.
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
JMH_MS="$(python3 -c "import json; print(round(json.load(open('$WORK/jmh.json'))[0]['primaryMetric']['score']))")"
ALLOC_MB="$(python3 -c "
import json
m = json.load(open('$WORK/jmh.json'))[0]['secondaryMetrics']
print(round(m['gc.alloc.rate.norm']['score'] / 1048576))")"
OURS_CPU="$(field "$PROBE1" processCpuMsPerPhoto)"
OURS_THREAD="$(field "$PROBE1" threadCpuMsPerPhoto)"
outcome() { # a probe line: its live heap, or why it failed
  if echo "$1" | grep -q '^photos='; then echo "$(field "$1" liveHeapAfterGcMB) live"; else echo "fails (OutOfMemoryError)"; fi
}
VIPS_CPU="$(python3 -c "print(round(($VU + $VS) * 1000 / $RUNS))")"
VIPS_WALL="$(python3 -c "print(round($VE * 1000 / $RUNS))")"
RATIO="$(python3 -c "print(f'{$OURS_CPU / $VIPS_CPU:.1f}')")"
SIZES="$(ls -l "$OUT" | awk 'NR>1 {printf "%s %d KB; ", $9, $5/1024}')"

echo
echo "Variant job: $(stat -c %s "$PHOTO" | awk '{printf "%.1f MB", $1/1048576}') 4000x3000 JPEG -> 320, 1280, full size, quality 85, no metadata"
printf '%-34s %12s %12s %8s\n' "" "ours (Java)" "vips" "ours/vips"
printf '%-34s %12s %12s %8s\n' "CPU ms per photo (all threads)" "$OURS_CPU" "$VIPS_CPU" "$RATIO"
printf '%-34s %12s %12s\n' "wall ms per photo (1 at a time)" "$JMH_MS" "$VIPS_WALL"
printf '%-34s %12s\n' "CPU ms per photo (job thread only)" "$OURS_THREAD"
printf '%-34s %12s\n' "allocated MB per photo" "$ALLOC_MB"
printf '%-34s %12s\n' "heap MB, 1 at a time (-Xmx256m)" "$(outcome "$PROBE1")"
printf '%-34s %12s\n' "smallest -Xmx MB, 1 at a time" "$MIN_HEAP"
printf '%-34s %12s\n' "heap MB, 4 at once (-Xmx256m)" "$(outcome "$PROBE4")"
printf '%-34s %12s\n' "heap MB, 8 at once (-Xmx256m)" "$(outcome "$PROBE8")"
echo "vips files: $SIZES"
