-- GET /api/v1/reports/{id} of random visible reports, as a visitor opening report pages from the
-- map: the 10,000 ids the runner wrote to FMQ_BENCH_IDS (one per line), the same the raw SQL
-- reads. Most are not in the server's cache of public reads (32 MiB): the database path.
dofile((os.getenv("FMQ_BENCH_DIR") or ".") .. "/wrk/common.lua")

local ids = {}
for line in io.lines(os.getenv("FMQ_BENCH_IDS")) do
  if line ~= "" then ids[#ids + 1] = line end
end

function request()
  return wrk.format("GET", "/api/v1/reports/" .. ids[math.random(#ids)])
end
