-- wrk script of compare.sh: cycles through the request paths in WRK_PATHS (space-separated; one per tenant, so the
-- tenant-aware contenders spread requests over several tenants) and prints one machine-readable line at the end.
-- The requests are formatted once, so the per-request cost is one table lookup.
local requests = {}
local next_index = 0

init = function(args)
    for path in string.gmatch(os.getenv("WRK_PATHS") or "/", "%S+") do
        requests[#requests + 1] = wrk.format("GET", path)
    end
end

request = function()
    next_index = next_index % #requests + 1
    return requests[next_index]
end

done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("WRK_RESULT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
end
