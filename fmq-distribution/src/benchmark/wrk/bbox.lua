-- GET /api/v1/reports?bbox=minLon,minLat,maxLon,maxLat&limit=100 as GeoJSON: a visible map of
-- about 2 km by 1 km around a random point.
local bench = dofile((os.getenv("FMQ_BENCH_DIR") or ".") .. "/wrk/common.lua")

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  wrk.headers["Accept"] = "application/geo+json"
end

function request()
  local lat, lon, city = bench.random_point()
  local half_lat = 500 / 111320.0
  local half_lon = 1000 / (111320.0 * city.cos)
  return wrk.format("GET", string.format("/api/v1/reports?bbox=%.6f,%.6f,%.6f,%.6f&limit=100",
      lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat))
end
