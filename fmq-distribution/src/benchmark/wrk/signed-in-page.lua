-- A signed-in citizen loading the web page: the API calls the page makes, in turn, with the
-- bearer token the runner got (FMQ_BENCH_TOKEN): the site's settings, the interface texts, the
-- categories, who they are, their notifications, the map's newest reports around the centre.
-- Each call counts as a request.
dofile((os.getenv("FMQ_BENCH_DIR") or ".") .. "/wrk/common.lua")

local token = os.getenv("FMQ_BENCH_TOKEN")
local calls = {
  "/api/v1/site",
  "/api/v1/languages/en/texts",
  "/api/v1/categories",
  "/api/v1/auth/me",
  "/api/v1/me/notifications?unread=true",
  "/api/v1/reports?near=48.8566,2.3522&radius=1km&limit=50",
}
local turn = 0

function request()
  turn = turn % #calls + 1
  return wrk.format("GET", calls[turn], { ["Authorization"] = "Bearer " .. token })
end
