-- report.lua's JSON line, with how many answers the page cache gave (X-Cache: hit).
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  hits, answers = 0, 0
end

response = function(status, headers, body)
  answers = answers + 1
  if headers["X-Cache"] == "hit" then
    hits = hits + 1
  end
end

done = function(summary, latency, requests)
  local hit_total, answer_total = 0, 0
  for _, thread in ipairs(threads) do
    hit_total = hit_total + thread:get("hits")
    answer_total = answer_total + thread:get("answers")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, "non_2xx_3xx": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "hits": %d, "answers": %d}\n',
    summary.requests, summary.duration, summary.bytes, errors, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    hit_total, answer_total))
end
