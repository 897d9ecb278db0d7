-- GET /api/v1/reports?sort=votes&limit=50: the first page of the most supported reports.
dofile((os.getenv("FMQ_BENCH_DIR") or ".") .. "/wrk/common.lua")

function request()
  return wrk.format("GET", "/api/v1/reports?sort=votes&limit=50")
end
