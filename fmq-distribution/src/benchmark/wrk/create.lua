-- POST /api/v1/reports as the signed-in benchmark citizen (FMQ_BENCH_TOKEN), at a random point,
-- with a new Idempotency-Key for every request.
local bench = dofile((os.getenv("FMQ_BENCH_DIR") or ".") .. "/wrk/common.lua")
local categories = { "pothole", "streetlight-out", "water-leak", "illegal-dumping", "overflowing-bin",
                     "graffiti", "blocked-drain", "fallen-tree" }
local counter = 0
local run = tostring(os.time())

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  wrk.headers["Content-Type"] = "application/json"
  local token = os.getenv("FMQ_BENCH_TOKEN")
  if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
end

function request()
  counter = counter + 1
  local lat, lon = bench.random_point()
  local body = string.format('{"title":"Pothole near the school","description":"Deep hole in front of the gate, '
      .. 'dangerous for cyclists","category":"%s","location":{"lat":%.6f,"lon":%.6f,"accuracy":12.5}}',
      categories[math.random(#categories)], lat, lon)
  -- wrk.format takes the headers given instead of wrk.headers, so copy those in.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Idempotency-Key"] = string.format("bench-%s-%d-%d-%d", run, thread_id or 0, counter,
      math.random(1, 1000000000))
  return wrk.format("POST", "/api/v1/reports", headers, body)
end
