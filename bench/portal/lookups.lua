-- wrk script: each request a lookup by village and name from lookups.txt (written by
-- sample.py in the working directory), in turn, so villages and names vary.
local queries = {}
for line in io.lines("lookups.txt") do
  queries[#queries + 1] = "/api/v1/public/recipients?" .. line
end
local next_query = 1

request = function()
  local path = queries[next_query]
  next_query = next_query % #queries + 1
  return wrk.format("GET", path)
end

done = function(summary, latency)
  io.write(string.format("lookups/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50: %.2f ms  p99: %.2f ms  max: %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
