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

# 4. Peak heap and CPU time per photo, in a JVM with the server's heap: one photo at a time,
#    then 8 at once (the server's worst case), each in a fresh JVM.
echo "== probe: heap and CPU"
PROBE1="$(java -Xmx256m -Xms256m -cp "$CP" org.fixmyquarter.imaging.benchmark.HeapAndCpuProbe "$PHOTO" "$RUNS" 1)"
echo "$PROBE1"
PROBE8="$(java -Xmx256m -Xms256m -cp "$CP" org.fixmyquarter.imaging.benchmark.HeapAndCpuProbe "$PHOTO" 16 8 2>&1 || true)"
echo "$PROBE8" | tail -3

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
PEAK1="$(field "$PROBE1" peakHeapBeforeGcMB)"
PEAK8="$(field "$PROBE8" peakHeapBeforeGcMB)"
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
printf '%-34s %12s\n' "peak heap MB, 1 photo at a time" "$PEAK1"
printf '%-34s %12s\n' "peak heap MB, 8 at once (-Xmx256m)" "${PEAK8:-failed: $(echo "$PROBE8" | grep -m1 -o 'OutOfMemoryError[^\"]*' || echo see above)}"
echo "vips files: $SIZES"
