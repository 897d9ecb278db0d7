-- Shared by the wrk scenario scripts: random points around the seeded cities, random words,
-- counting of response codes, and one machine-readable RESULT line at the end.
-- FMQ_BENCH_DIR (set by run-benchmark.sh) is the folder of words.txt.

local bench = {}

-- Centre, weight (cumulative, out of 100) and cos(latitude), as in seed.sql.
bench.cities = {
  { lat = 48.8566, lon = 2.3522,  upto = 28,  cos = 0.65795 }, -- Paris
  { lat = 45.7640, lon = 4.8357,  upto = 40,  cos = 0.69762 }, -- Lyon
  { lat = 43.2965, lon = 5.3698,  upto = 52,  cos = 0.72781 }, -- Marseille
  { lat = 38.7223, lon = -9.1393, upto = 64,  cos = 0.78019 }, -- Lisbon
  { lat = 40.4168, lon = -3.7038, upto = 84,  cos = 0.76135 }, -- Madrid
  { lat = 52.5200, lon = 13.4050, upto = 100, cos = 0.60848 }, -- Berlin
}

local METRES_PER_DEGREE = 111320.0

-- A point drawn like the seeded reports: a city by weight, then a gaussian offset of sigma 4 km.
function bench.random_point()
  local pick = math.random() * 100
  local city = bench.cities[#bench.cities]
  for _, c in ipairs(bench.cities) do
    if pick < c.upto then city = c; break end
  end
  local radius = math.sqrt(-2 * math.log(1 - math.random())) * 4000
  local angle = 2 * math.pi * math.random()
  local lat = city.lat + radius * math.cos(angle) / METRES_PER_DEGREE
  local lon = city.lon + radius * math.sin(angle) / (METRES_PER_DEGREE * city.cos)
  return lat, lon, city
end

-- The map of the clusters scenario: Paris at zoom 12 on a 1280 x 720 screen, its centre moved by
-- up to 1 km; the half-sides in degrees (a 256-pixel tile spans 360 / 2^12 degrees of longitude,
-- and of latitude that times cos(latitude) in the map's projection). Same as pgbench/view.pgb.
function bench.map_view()
  local paris = bench.cities[1]
  local lat = paris.lat + (math.random() * 2 - 1) * 1000 / METRES_PER_DEGREE
  local lon = paris.lon + (math.random() * 2 - 1) * 1000 / (METRES_PER_DEGREE * paris.cos)
  local pixel = 360.0 / 4096 / 256
  return lat, lon, 360 * pixel * paris.cos, 640 * pixel
end

-- Percent-encodes everything but unreserved characters (the words list has accents).
function bench.urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(ch) return string.format("%%%02X", string.byte(ch)) end))
end

function bench.read_words()
  local dir = os.getenv("FMQ_BENCH_DIR") or "."
  local words = {}
  for line in io.lines(dir .. "/words.txt") do
    if line ~= "" then words[#words + 1] = line end
  end
  return words
end

-- Response counting: every thread counts codes in its own Lua state; done() adds them up.
local threads = {}
local next_thread_id = 1

function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
  threads[#threads + 1] = thread
end

codes = {}
sample = nil

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  if (status < 200 or status > 299) and sample == nil then
    sample = status .. " " .. (body or ""):sub(1, 300):gsub("[\r\n]", " ")
  end
end

function done(summary, latency, requests)
  local total = {}
  local first_sample = nil
  for _, thread in ipairs(threads) do
    local counted = thread:get("codes")
    for code, n in pairs(counted) do total[code] = (total[code] or 0) + n end
    first_sample = first_sample or thread:get("sample")
  end
  local parts, non2xx = {}, 0
  for code, n in pairs(total) do
    parts[#parts + 1] = code .. ":" .. n
    if code < 200 or code > 299 then non2xx = non2xx + n end
  end
  table.sort(parts)
  local errors = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d "
      .. "socket_errors=%d codes=%s\n",
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx,
      errors.connect + errors.read + errors.write + errors.timeout, table.concat(parts, ",")))
  if first_sample then io.write("SAMPLE " .. first_sample .. "\n") end
end

return bench
