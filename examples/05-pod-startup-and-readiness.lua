-- 05 · Pod start-up and readiness: how long until new pods actually help?
--
-- The HPA changes a number; the traffic is served by Ready pods. Between the two, each new pod
--   is scheduled → its containers start (image pull, process start: `startup`) → its readiness
--   probe passes (`readiness`) → it joins the Service and takes its share of the requests.
-- Until then the old pods carry the load alone: past their capacity, requests are dropped.
-- The HPA knows new pods are not helping yet. For CPU it sets aside pods that are not Ready (or
-- whose sample does not cover a full metrics window since they became Ready, during the first
-- --horizontal-pod-autoscaler-cpu-initialization-period, 5m) and, when scaling up, assumes
-- they use 0% — so it does not keep adding pods for load that the starting pods will take.
--
-- Scenario: myapp with a CPU HPA (50% of a 100m request) over metrics-server; each pod serves up
-- to 20 req/s at 5m + 10m per req/s of CPU. Traffic steps from 6 to 60 req/s at 10m. Fast pods
-- (start in 5s, Ready at once) against slow ones (a 60s start and a 60s readiness probe delay).
--
-- Run: scalelab examples/05-pod-startup-and-readiness.lua

local function scenario(startup, readiness)
  local c = cluster.new{ provider = "gke", seed = 1 }
  c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
  local app = c:deploy{ name = "myapp", replicas = 2, startup = startup, readiness = readiness,
                        requests = { cpu = "100m", memory = "64Mi" },
                        rps_capacity = 20, cpu_base = "5m", cpu_per_request = "10m" }
  app:traffic(load.step(6, 60, "10m"))
  c:metrics_server{ resolution = "15s" }
  local prom = c:prometheus{ scrape_interval = "15s" }   -- only to count dropped requests
  local h = c:autoscale{ target = app, min = 2, max = 30, cpu = 50 }
  return c, h, prom
end

-- The first time (seconds) after `from` when series `name` satisfies `ok`.
local function first_time(c, name, from, ok)
  local s = assert(c:timeline(name))
  for i, t in ipairs(s.times) do
    if (s.times[i + 1] or math.huge) > from and ok(s.values[i]) then return math.max(t, from) end
  end
end

local results = {}
for _, case in ipairs{ { "fast", "5s", "0s" }, { "slow", "60s", "60s" } } do
  local c, h, prom = scenario(case[2], case[3])
  c:run{ duration = "10m45s" }
  -- While the new pods start, `kubectl get pods` shows them Pending/Running and not Ready.
  local starting = 0
  for _, p in ipairs(c:pods{ workload = "myapp" }) do
    if not p.ready then starting = starting + 1 end
  end
  local why = h:explain()
  c:run{ duration = "14m15s" }                                 -- to 25m
  local ready_at = first_time(c, "myapp.ready", 600, function(v) return v >= 12 end)
  local dropped = prom:query("sum(myapp_requests_dropped_total)")[1].value
  results[case[1]] = { ready_after = ready_at - 600, dropped = dropped, starting = starting,
                       why = why, replicas = h:status().currentReplicas }
  print(string.format("%s pods (startup %s, readiness %s): 12 Ready pods %ds after the step, "
                      .. "%.0f requests dropped, %d replicas at 25m", case[1], case[2], case[3],
                      ready_at - 600, dropped, h:status().currentReplicas))
end
local fast, slow = results.fast, results.slow

-- Start-up and readiness delays add straight to the reaction time, and the wait costs requests.
assert(slow.ready_after >= fast.ready_after + 60, "slow pods reach capacity at least 60s later")
assert(slow.dropped > 2 * fast.dropped, "and the old pods drop many more requests meanwhile")
-- Both settle at the same size: the delays change when, not how many.
assert(math.abs(slow.replicas - fast.replicas) <= 1)

-- At 10m45s the slow pods are still starting; the HPA's explanation says how it counted them:
-- left out of the first pass, then assumed at 0% ("second pass") because it is scaling up.
print("\nslow pods, the reconcile at 10m45s (" .. slow.starting .. " pods not Ready yet):")
print((slow.why:match("^(.-)\nlargest proposal")))
assert(slow.starting > 0)
assert(slow.why:find("unready", 1, true) and slow.why:find("assumed 0 in the second pass", 1, true))
-- The raw ratio asks for many more pods; filled in with zeros, it asks for (almost) none.
local raw = tonumber(slow.why:match("= ratio ([%d.]+)"))
local filled = tonumber(slow.why:match("filled in: ratio ([%d.]+)"))
print(string.format("raw ratio %.2f would ask for %d pods; with the starting pods at 0%%: %.2f",
                    raw, math.ceil(8 * raw), filled))
assert(raw > 2 and filled < raw / 2, "the starting pods damp the next step")
