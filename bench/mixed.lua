-- wrk script for bench/load: a mix of reads and writes (about 10 % writes)
-- spread over many users. BENCH_CREDS names a file of lines
-- "token item-id session": an API token, an item that user may read (for
-- comments), and a browser session cookie.
local creds = {}
for line in io.lines(os.getenv("BENCH_CREDS")) do
  local token, item, session = line:match("^(%S+) (%S+) (%S+)$")
  if token then creds[#creds + 1] = {token = token, item = item, session = session} end
end
local n = 0

init = function() math.randomseed(os.time() + math.random(1e6)) end

request = function()
  local c = creds[math.random(#creds)]
  local r = math.random()
  local api = {["Authorization"] = "Bearer " .. c.token}
  n = n + 1
  if r < 0.05 then
    api["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/items", api,
      string.format('{"type":"status","body":"load test status %d of %d"}', n, math.random(1e9)))
  elseif r < 0.10 then
    api["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/items/" .. c.item .. "/comments", api,
      string.format('{"body":"load test comment %d"}', n))
  elseif r < 0.35 then
    return wrk.format("GET", "/api/v1/stream/home", api)
  elseif r < 0.50 then
    return wrk.format("GET", "/api/v1/items?limit=20", api)
  elseif r < 0.55 then
    return wrk.format("GET", "/api/v1/items/" .. c.item, api)
  elseif r < 0.85 then
    return wrk.format("GET", "/", {["Cookie"] = "ruche_session=" .. c.session})
  else
    return wrk.format("GET", "/company", {["Cookie"] = "ruche_session=" .. c.session})
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "LOAD requests=%d rps=%.1f p50=%.2f p99=%.2f connect=%d read=%d write=%d timeout=%d non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect, e.read, e.write, e.timeout, e.status))
end
