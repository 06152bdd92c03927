-- wrk script for bench/serve-load.sh: POSTs the bodies of $BODIES (one JSON document per line) to /v1/screen, each
-- thread walking them from its own offset (as the in-process baseline's threads do), counts answers by status, and
-- prints one JSON line when done. $API_KEY, when set, is sent as a bearer key.
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  for line in io.lines(os.getenv("BODIES")) do
    bodies[#bodies + 1] = line
  end
  counter = (tid * 7919) % #bodies
  statuses = {}
  headers = {["Content-Type"] = "application/json"}
  local key = os.getenv("API_KEY")
  if key and key ~= "" then
    headers["Authorization"] = "Bearer " .. key
  end
end

function request()
  counter = counter % #bodies + 1
  return wrk.format("POST", "/v1/screen", headers, bodies[counter])
end

function response(status, hdrs, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    parts[#parts + 1] = string.format('"%d":%d', status, n)
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"non2xx":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status, table.concat(parts, ",")))
end
