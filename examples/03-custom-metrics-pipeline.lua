-- 03 · The seed's custom-metrics pipeline, end to end: does myapp follow its traffic?
--
-- The seed article scales an app on its own requests per second:
--   the app counts requests in `myapp_requests_total` → Prometheus scrapes every pod →
--   prometheus-adapter turns the counter into `sum(rate(...[2m]))` per pod and serves it as
--   `myapp_requests_per_second` on the Custom Metrics API (custom.metrics.k8s.io) →
--   the HPA of the article's hpa.yaml keeps each pod at 2 requests/s, between 1 and 10 pods.
-- This lesson builds exactly that (examples/manifests/hpa.yaml and adapter.yaml are the
-- article's files, verbatim), drives it with a traffic ramp, and checks what the article says:
--   1. without a custom metrics API the HPA cannot work (FailedGetPodsMetric), and
--      metrics-server (the Resource Metrics API) does not help: it serves CPU and memory only;
--   2. with the pipeline, the replicas follow the traffic within min and max;
--   3. target 10 req/s with a current 20 scales up; a current 2 scales down;
--   4. every stage of the pipeline delays scaling: the scrape interval and the rate() window
--      are measured here as the time from a traffic step to the replicas it needs.
--
-- Run: scalelab examples/03-custom-metrics-pipeline.lua [chart.svg]
-- (with a path, it also writes the chart of part 2 as SVG: docs/images/lesson-03-pipeline.svg)

local dir = arg and arg[0] and (arg[0]:match("^(.*/)") or "") or "examples/"
local svg_path = arg and arg[1]

-- The cluster of the article's example: GKE, three n1-standard-4 nodes, one myapp pod.
-- rps_capacity is how many requests/s one pod can serve (the app model; lesson 05).
local function myapp_cluster()
  local c = cluster.new{ provider = "gke", seed = 1 }
  c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
  local app = c:deploy{ name = "myapp", replicas = 1,
                        requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 50 }
  return c, app
end

-- The first time (seconds) at or after `from` when series `name` satisfies `ok`, or nil.
local function first_time(c, name, from, ok)
  local s = assert(c:timeline(name))
  for i, t in ipairs(s.times) do
    local next_t = s.times[i + 1] or math.huge
    if next_t > from and ok(s.values[i]) then return math.max(t, from) end
  end
end

local function condition(h, type)
  for _, cond in ipairs(h:status().conditions) do
    if cond.type == type then return cond end
  end
end

------------------------------------------------------------------------------------------
-- 1. No metrics API: "None of these APIs is installed by default" (seed claim 7).
------------------------------------------------------------------------------------------
do
  local c, app = myapp_cluster()
  local h = c:apply(dir .. "manifests/hpa.yaml")     -- the article's manifest, verbatim
  assert(h.spec.minReplicas == 1 and h.spec.maxReplicas == 10)
  app:traffic(load.constant(20))                     -- plenty of traffic, but nobody measures it
  c:run{ duration = "5m" }
  local active = condition(h, "ScalingActive")
  print("1. no custom metrics API: ScalingActive " .. active.status .. " " .. active.reason)
  print("   " .. active.message)
  assert(active.status == "False" and active.reason == "FailedGetPodsMetric")
  assert(h:status().currentReplicas == 1, "the HPA cannot scale without its metric")
  -- metrics-server serves the Resource Metrics API (metrics.k8s.io): CPU and memory only. It
  -- cannot serve a custom metric (seed claim 8): the HPA still fails the same way.
  c:metrics_server{ resolution = "15s" }
  c:run{ duration = "2m" }
  active = condition(h, "ScalingActive")
  assert(active.reason == "FailedGetPodsMetric" and active.message:find("custom.metrics.k8s.io"))
  print("   with metrics-server only: still " .. active.reason .. " (it serves cpu and memory)")
end

------------------------------------------------------------------------------------------
-- 2. The whole pipeline and a traffic ramp: 1 req/s → 30 req/s over 20 minutes, a plateau,
--    and back down. Desired = ceil(total / 2), so the HPA wants 15 pods at the peak and is
--    capped at maxReplicas 10 (ScalingLimited, TooManyReplicas); at 1 req/s it returns to 1.
------------------------------------------------------------------------------------------
local c, app = myapp_cluster()
local h = c:apply(dir .. "manifests/hpa.yaml")
-- A trace is linear between its points { seconds, req/s } (or a CSV / Prometheus recording).
local traffic = load.trace{ { 0, 1 }, { 300, 1 }, { 1500, 30 }, { 2100, 30 }, { 3300, 1 } }
app:traffic(traffic)
local prom = c:prometheus{ scrape_interval = "15s" }
-- prometheus-adapter discovers series every --metrics-relist-interval, 10 minutes by default:
-- until its first relist after the first scrape, the metric does not exist. 1m is common.
prom:adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "1m" })
c:run{ duration = "30m" }
print("\n2. at the peak (30m):")
print(h)
local limited = condition(h, "ScalingLimited")
assert(h:status().currentReplicas == 10, "capped at maxReplicas")
assert(limited.status == "True" and limited.reason == "TooManyReplicas", limited.reason)
c:run{ duration = "45m" }                            -- down the ramp and 20 minutes of calm
print(c:chart{ series = { "myapp.replicas", "myhpa.myapp_requests_per_second" },
               width = 90, height = 12, color = false })

-- Replicas follow the traffic: never outside [1, 10]; they track ceil(traffic / 2) with a lag.
local replicas = c:timeline("myapp.replicas")
for i, v in ipairs(replicas.values) do
  assert(v >= 1 and v <= 10, "replicas within min/max, got " .. v .. " at " .. replicas.times[i])
end
local function replicas_at(t)
  local v
  for i, tt in ipairs(replicas.times) do if tt <= t then v = replicas.values[i] end end
  return v
end
for _, minute in ipairs{ 15, 20 } do
  local want = math.min(10, math.ceil(traffic:rate(minute * 60) / 2))
  local got = replicas_at(minute * 60)
  print(string.format("   at %dm: traffic %.1f req/s → the formula (capped at 10) says %d pods, running %d",
                      minute, traffic:rate(minute * 60), want, got))
  assert(got <= want and got >= want - 2, "replicas lag the ramp by a few syncs at most")
end
assert(replicas_at(75 * 60) == 1, "back to minReplicas once traffic is low again")
local rescales = 0
for _, e in ipairs(h:events()) do
  if e.reason == "SuccessfulRescale" then rescales = rescales + e.count end
end
print(string.format("   %d SuccessfulRescale events; at 75m: %d replica(s)", rescales,
                    replicas_at(75 * 60)))
if svg_path then
  assert(c:export{ path = svg_path, series = { "myapp.replicas", "myhpa.myapp_requests_per_second" },
                   title = "myapp on the seed's HPA: traffic ramp 1 → 30 → 1 req/s" })
  print("   chart written to " .. svg_path)
end

------------------------------------------------------------------------------------------
-- 3. The article's numbers: target 10 req/s per pod; current 20 scales up, current 2 down.
--    The seed's manifest with averageValue 10 instead of 2, applied as YAML text.
------------------------------------------------------------------------------------------
local f = assert(io.open(dir .. "manifests/hpa.yaml"))
local yaml10 = f:read("a"):gsub("averageValue: 2", "averageValue: 10")
f:close()
local function article_case(replicas, per_pod)
  local c2 = cluster.new{ provider = "gke", seed = 1 }
  c2:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
  local a2 = c2:deploy{ name = "myapp", replicas = replicas,
                        requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 50 }
  a2:traffic(load.constant(replicas * per_pod))
  c2:prometheus{ scrape_interval = "15s" }
    :adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "1m" })
  c2:run{ duration = "3m" }
  local h2 = c2:apply(yaml10)
  c2:run{ duration = "6m" }                          -- past the 5-minute downscale window
  return h2
end
local up, down = article_case(2, 20), article_case(4, 2)
print("\n3. target 10: current 20 →", up:status().desiredReplicas, "pods (from 2);",
      "current 2 →", down:status().desiredReplicas, "pod(s) (from 4)")
assert(up:status().desiredReplicas > 2, "current 20 against a target of 10: scale up")
assert(down:status().desiredReplicas < 4, "current 2 against a target of 10: scale down")

------------------------------------------------------------------------------------------
-- 4. The pipeline's delay: traffic steps from 2 to 12 req/s at 10m; the HPA needs 6 pods.
--    Reaction time = step → the first rescale, and step → 6 pods, for two settings:
--    scrape every 15s with rate(...[2m]) (the article's), and every 1m with rate(...[5m]).
------------------------------------------------------------------------------------------
local function reaction(scrape, window)
  local c3, a3 = myapp_cluster()
  local h3 = c3:apply(dir .. "manifests/hpa.yaml")
  a3:traffic(load.step(2, 12, "10m"))
  c3:prometheus{ scrape_interval = scrape }:adapter{
    metrics_relist_interval = "1m",
    rules = { {
      seriesQuery = 'myapp_requests_total{namespace!="",pod!=""}',
      resources = { overrides = { namespace = { resource = "namespace" },
                                  pod = { resource = "pod" } } },
      name = { matches = "^(.*)_total$", as = "${1}_per_second" },
      metricsQuery = "sum(rate(<<.Series>>{<<.LabelMatchers>>}[" .. window
                     .. "])) by (<<.GroupBy>>)",
    } } }
  c3:run{ duration = "30m" }
  local step = 600
  local first = first_time(c3, "myhpa.desired", step, function(v) return v > 1 end)
  local full = first_time(c3, "myapp.ready", step, function(v) return v >= 6 end)
  assert(first and full, "the HPA reacted")
  return first - step, full - step, h3
end
local fast_first, fast_full = reaction("15s", "2m")
local slow_first, slow_full = reaction("1m", "5m")
print("\n4. traffic step 2 → 12 req/s: time to the first rescale / to 6 Ready pods")
print(string.format("   scrape 15s, rate[2m]: %4ds / %4ds", fast_first, fast_full))
print(string.format("   scrape  1m, rate[5m]: %4ds / %4ds", slow_first, slow_full))
assert(slow_first > fast_first, "a slower scrape reacts later")
assert(slow_full > fast_full, "a longer rate window reaches the target later")
