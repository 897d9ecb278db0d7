-- GET /api/v1/reports?q=<word>&limit=50 with a random word of words.txt.
local bench = dofile((os.getenv("FMQ_BENCH_DIR") or ".") .. "/wrk/common.lua")
local words

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  words = bench.read_words()
end

function request()
  return wrk.format("GET", "/api/v1/reports?q=" .. bench.urlencode(words[math.random(#words)]) .. "&limit=50")
end
