-- wrk script for `make load` (bench/load.py writes the path files and runs wrk with this script).
--
--   wrk ... -s bench/load.lua URL -- SEED MAX_RESPONSES FILE:WEIGHT [FILE:WEIGHT ...]
--
-- Each request is a GET of a random path from one of the files, the file chosen by weight
-- (e.g. profiles.txt:70 searches.txt:25 filtered.txt:5). A thread stops after MAX_RESPONSES
-- responses (0: no limit; wrk's -d bounds the time). done() prints one JSON line after the
-- marker "LOAD_RESULT " with the request count, duration, latency percentiles (microseconds),
-- socket errors from wrk, the responses that were not 2xx and the requests sent per kind.
-- (wrk's Lua API does not say which request a response answers, so errors are not split by
-- kind: run one kind alone, LOAD_MIX=searches, to see its errors.)

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_number", #threads)
end

local function read_lines(path)
   local lines = {}
   local file = assert(io.open(path, "r"))
   for line in file:lines() do
      if line ~= "" then
         table.insert(lines, line)
      end
   end
   file:close()
   assert(#lines > 0, "no paths in " .. path)
   return lines
end

local kinds = {}        -- {name, paths, cumulative weight}
local total_weight = 0
local max_responses = 0

-- Read by done() through thread:get(), so these are globals of the thread's Lua state.
responses = 0
non2xx = 0
sent_by_kind = {}

function init(args)
   math.randomseed(tonumber(args[1]) + thread_number)
   max_responses = tonumber(args[2])
   for i = 3, #args do
      local path, weight = args[i]:match("^(.+):(%d+)$")
      local name = path:match("([^/]+)%.txt$")
      total_weight = total_weight + tonumber(weight)
      table.insert(kinds, {name = name, paths = read_lines(path), upto = total_weight})
      sent_by_kind[name] = 0
   end
end

function request()
   local draw = math.random() * total_weight
   local kind = kinds[#kinds]
   for _, candidate in ipairs(kinds) do
      if draw < candidate.upto then
         kind = candidate
         break
      end
   end
   sent_by_kind[kind.name] = sent_by_kind[kind.name] + 1
   return wrk.format("GET", kind.paths[math.random(#kind.paths)])
end

function response(status, headers, body)
   responses = responses + 1
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
   end
   if max_responses > 0 and responses >= max_responses then
      wrk.thread:stop()
   end
end

local function json_object(map)
   local parts = {}
   for key, value in pairs(map) do
      table.insert(parts, string.format("%q:%d", key, value))
   end
   table.sort(parts)
   return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
   local sent, not_2xx = {}, 0
   for _, thread in ipairs(threads) do
      not_2xx = not_2xx + thread:get("non2xx")
      for name, count in pairs(thread:get("sent_by_kind")) do
         sent[name] = (sent[name] or 0) + count
      end
   end
   local errors = summary.errors
   io.write(string.format(
      'LOAD_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"latency_us":{"p50":%d,"p95":%d,"p99":%d,"max":%d,"mean":%.0f},' ..
      '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
      '"non2xx":%d,"sent_by_kind":%s}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean,
      errors.connect, errors.read, errors.write, errors.timeout,
      not_2xx, json_object(sent)))
end
