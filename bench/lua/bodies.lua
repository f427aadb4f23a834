-- wrk script: POST JSON bodies read from a file (one per line), cycling through them, and
-- write the run's figures as JSON when it ends.
--   BENCH_WRK_BODIES  the bodies file      BENCH_WRK_PATH  the path to post to
--   BENCH_WRK_OUT     where done() writes  {"requests": ..., "latency_us": {"p50": ...}, ...}

local bodies = {}
local next_body = 0
local path = os.getenv("BENCH_WRK_PATH") or "/graphql"
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  for line in io.lines(os.getenv("BENCH_WRK_BODIES")) do
    bodies[#bodies + 1] = line
  end
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", path, headers, bodies[next_body])
end

function done(summary, latency, requests)
  local errors = summary.errors
  local out = assert(io.open(os.getenv("BENCH_WRK_OUT"), "w"))
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
  out:close()
end
