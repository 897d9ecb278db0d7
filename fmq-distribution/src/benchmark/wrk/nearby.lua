-- GET /api/v1/reports?near=LAT,LON&radius=1000m&status=open&sort=nearest&limit=50 at a random point.
local bench = dofile((os.getenv("FMQ_BENCH_DIR") or ".") .. "/wrk/common.lua")

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
end

function request()
  local lat, lon = bench.random_point()
  return wrk.format("GET", string.format(
      "/api/v1/reports?near=%.6f,%.6f&radius=1000m&status=open&sort=nearest&limit=50", lat, lon))
end
