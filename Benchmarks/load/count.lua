-- Counts answers by status class; prints one line "STATUS 2xx=N 3xx=N 4xx=N 5xx=N other=N" at the end.
-- PATHS (environment, '|'-separated) lists request paths used in turn; DELAY_MS spaces requests per connection.
local paths = {}
for p in string.gmatch(os.getenv("PATHS") or "/health", "[^|]+") do table.insert(paths, p) end
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local threads = {}
local counter = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  c2, c3, c4, c5, other = 0, 0, 0, 0, 0
  counter = math.random(1, #paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

function response(status, headers, body)
  if status >= 200 and status < 300 then c2 = c2 + 1
  elseif status >= 300 and status < 400 then c3 = c3 + 1
  elseif status >= 400 and status < 500 then c4 = c4 + 1
  elseif status >= 500 and status < 600 then c5 = c5 + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t = {0, 0, 0, 0, 0}
  for _, thread in ipairs(threads) do
    t[1] = t[1] + thread:get("c2"); t[2] = t[2] + thread:get("c3"); t[3] = t[3] + thread:get("c4")
    t[4] = t[4] + thread:get("c5"); t[5] = t[5] + thread:get("other")
  end
  io.write(string.format("STATUS 2xx=%d 3xx=%d 4xx=%d 5xx=%d other=%d errors_connect=%d errors_read=%d errors_timeout=%d\n",
    t[1], t[2], t[3], t[4], t[5], summary.errors.connect, summary.errors.read, summary.errors.timeout))
  io.write(string.format("LATENCY p50_ms=%.3f p99_ms=%.3f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
