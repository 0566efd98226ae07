-- wrk script: each request takes the next credential from a file, so the
-- load spreads over many users. Set by bench/run through environment:
--   BENCH_CREDS  file with one credential per line
--   BENCH_MODE   "cookie" (ruche_session), "bearer", or "none"
--   BENCH_PATH   the path to request
--   BENCH_POST   if set, POST this JSON body instead of GET
local creds = {}
for line in io.lines(os.getenv("BENCH_CREDS")) do creds[#creds + 1] = line end
local mode, path, post = os.getenv("BENCH_MODE"), os.getenv("BENCH_PATH"), os.getenv("BENCH_POST")
if post == "" then post = nil end
local i = 0
local counter = 0

setup = function(thread) thread:set("id", counter); counter = counter + 1 end
init = function() i = math.random(#creds) end

request = function()
  i = i % #creds + 1
  local headers = {}
  if mode == "cookie" then headers["Cookie"] = "ruche_session=" .. creds[i]
  elseif mode == "bearer" then headers["Authorization"] = "Bearer " .. creds[i] end
  if post then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", path, headers, post)
  end
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("BENCH rps=%.1f p50=%.2f p99=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, non2xx))
end
