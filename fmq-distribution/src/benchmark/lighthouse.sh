#!/usr/bin/env bash
# Lighthouse's mobile audit of the web page: performance and accessibility scores of the map view
# and of one report's page, on a server that is already running (docs/web.md, "Measuring").
#
#   fmq-distribution/src/benchmark/lighthouse.sh [--url http://localhost:9080] [--report ID]
#
# Needs Node 20 and npm (lighthouse 12.2.3 is the last to run on Node 20; it is installed into
# fmq-distribution/target/lighthouse the first time) and Debian's chromium (CHROME_PATH, default
# /usr/bin/chromium). Without --report, the newest report of GET /api/v1/reports is audited.
# The full reports are kept as JSON beside the installation.
set -euo pipefail

url=http://localhost:9080
report=
while [ $# -gt 0 ]; do
  case $1 in
    --url) url=$2; shift 2 ;;
    --report) report=$2; shift 2 ;;
    *) echo "usage: $0 [--url URL] [--report ID]" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
dir=$here/../../target/lighthouse
mkdir -p "$dir"
if [ ! -x "$dir/node_modules/.bin/lighthouse" ]; then
  npm install --silent --no-audit --no-fund --prefix "$dir" -E lighthouse@12.2.3 >/dev/null
fi
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

if [ -z "$report" ]; then
  report=$(curl -sf "$url/api/v1/reports?limit=1" | sed -n 's/.*"items":\[{"id":"\([^"]*\)".*/\1/p')
fi
[ -n "$report" ] || { echo "no report to audit at $url: create one first" >&2; exit 1; }

# The same flags as the browser tests: headless, and no calls to Google's services, which a
# closed network refuses (they would count against the page).
flags="--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"

printf '%-28s %12s %14s\n' page performance accessibility
for page in "/" "/reports/$report"; do
  name=$(echo "$page" | tr '/' '_')
  "$dir/node_modules/.bin/lighthouse" "$url$page" --quiet --form-factor=mobile \
    --only-categories=performance,accessibility --chrome-flags="$flags" \
    --output=json --output-path="$dir/report$name.json" >/dev/null 2>&1 || true
  node -e '
    const r = require(process.argv[1]);
    const score = (c) => r.categories && r.categories[c] ? Math.round(r.categories[c].score * 100) : "n/a";
    console.log(process.argv[2].padEnd(28), String(score("performance")).padStart(12), String(score("accessibility")).padStart(14));
  ' "$dir/report$name.json" "$page"
done
