-- GET /open311/v2/requests.json: the newest requests of the last 90 days, what an Open311 app
-- (or a city's dashboard) polls.
dofile((os.getenv("FMQ_BENCH_DIR") or ".") .. "/wrk/common.lua")

function request()
  return wrk.format("GET", "/open311/v2/requests.json")
end
