-- GET /api/v1/reports/clusters?bbox=...&zoom=12 as GeoJSON: what the web page asks for when it
-- shows Paris on a 1280 x 720 screen at zoom 12 (about 32 km x 18 km), the centre moved by up to
-- 1 km each time so that no two requests are alike. With the default seed of 1,000,000 reports
-- about 260,000 of them are in view; the probe prints how many.
local bench = dofile((os.getenv("FMQ_BENCH_DIR") or ".") .. "/wrk/common.lua")

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  wrk.headers["Accept"] = "application/geo+json"
end

function request()
  local lat, lon, half_lat, half_lon = bench.map_view()
  return wrk.format("GET", string.format("/api/v1/reports/clusters?bbox=%.6f,%.6f,%.6f,%.6f&zoom=12",
      lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat))
end
