-- 02 · The HPA formula and its tolerance: how many replicas does the HPA ask for?
--
-- Every sync period (15 s) the Horizontal Pod Autoscaler reads its metric and computes
--
--     desired = ceil(current replicas × current value / target value)
--
-- (the seed article writes X = N × c / t; Kubernetes rounds up: replica_calculator.go). It then
-- skips the change when the ratio c / t is within the tolerance, 10% by default
-- (--horizontal-pod-autoscaler-tolerance), so a metric that wobbles around its target does not
-- make the Deployment twitch. Here every case is a fresh cluster: 4 replicas of myapp serve a
-- constant traffic through Prometheus and prometheus-adapter, and an HPA with target
-- `averageValue: 10` requests/s per pod is created once the metric is steady. We read the
-- decision of its first reconcile from h:status() and h:explain(). Last, the same decision on
-- every kind of workload the HPA can scale.
--
-- The scale-down stabilization window (5 minutes by default, lesson 04) would hold scale-downs
-- back; the HPAs here set `behavior.scaleDown.stabilizationWindowSeconds: 0` so that each case
-- shows the formula. With a `behavior`, the default scale-up policies still apply: at most
-- +4 pods or +100% per 15 s, whichever is more (selectPolicy Max) — the last case hits that.
--
-- Run: scalelab examples/02-hpa-formula-and-tolerance.lua

local dir = arg and arg[0] and (arg[0]:match("^(.*/)") or "") or "examples/"

-- One decision: `replicas` pods each receiving `per_pod` requests/s, an HPA targeting `target`.
local function first_decision(replicas, per_pod, target, tolerance)
  local c = cluster.new{ provider = "gke", seed = 1,
                         hpa = { tolerance = tolerance } }
  c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
  local app = c:deploy{ name = "myapp", replicas = replicas,
                        requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 100 }
  app:traffic(load.constant(replicas * per_pod))          -- spread evenly over the Ready pods
  c:prometheus{ scrape_interval = "15s" }
   :adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "30s" })
  c:run{ duration = "3m" }                                 -- let rate(...[2m]) settle
  local h = c:autoscale{ target = app, min = 1, max = 20, metrics = { {
    type = "Pods",
    pods = { metric = { name = "myapp_requests_per_second" },
             target = { type = "AverageValue", averageValue = target } } } },
    behavior = { scaleDown = { stabilizationWindowSeconds = 0 } } }
  -- The controller reconciles a new HPA at once; stop right after that first decision.
  assert(c:step_until(function() return h:status().currentMetrics[1] ~= nil end, "1m"))
  local s = h:status()
  return s.desiredReplicas, s.currentMetrics[1].pods.current.averageValue, h
end

print("replicas  current  target  ratio   formula  HPA decision")
local cases = {
  -- { replicas, requests/s per pod, target }
  { 4, 20, 10 },    -- the article: current 20 against a target of 10 → scale up (×2)
  { 4, 2, 10 },     -- the article: current 2 against 10 → scale down
  { 4, 11.5, 10 },  -- 15% over the target: outside the tolerance → ceil(4.6) = 5
  { 4, 10.8, 10 },  -- 8% over: within the 10% tolerance → no change
  { 4, 9.5, 10 },   -- 5% under: within the tolerance → no change
  { 4, 8.5, 10 },   -- 15% under: outside the tolerance, but ceil(3.4) = 4 → still 4
  { 4, 5, 10 },     -- half the target → half the replicas
  { 5, 15, 10 },    -- ceil(7.5) = 8: the HPA always rounds up
  { 2, 50, 10 },    -- formula 10, but the scale-up policy allows max(2 + 4, 2 × 2) = 6 now
}
for _, case in ipairs(cases) do
  local replicas, per_pod, target = case[1], case[2], case[3]
  local desired, current = first_decision(replicas, per_pod, target)
  assert(math.abs(current - per_pod) < 0.01, "the metric is the per-pod rate: " .. current)
  local ratio = current / target
  local formula = math.ceil(replicas * ratio - 1e-9)
  local expected = math.abs(ratio - 1) <= 0.1 and replicas or formula
  expected = math.min(expected, math.max(replicas + 4, 2 * replicas))   -- scale-up policies
  print(string.format("%8d  %7.1f  %6d  %5.2f  %7d  %d", replicas, current, target, ratio,
                      formula, desired))
  assert(desired == expected, string.format("case %s: got %d, expected %d",
                                            table.concat(case, "/"), desired, expected))
end

-- The article's two numbers, stated as the claims they are:
assert(first_decision(4, 20, 10) > 4, "target 10, current 20: the HPA scales up")
assert(first_decision(4, 2, 10) < 4, "target 10, current 2: the HPA scales down")

-- h:explain() shows the reconcile step by step: per-pod values, the ratio, the tolerance band.
local _, _, h = first_decision(4, 11.5, 10)
local why = h:explain()
print(why)
assert(why:find("ratio 1.150", 1, true) and why:find("outside tolerance", 1, true))
assert(why:find("decision: scale to 5", 1, true))

-- 8% over the target is ignored with the default tolerance, but not with a tighter one
-- (the flag is per cluster: cluster.new{ hpa = { tolerance = 0.05 } }).
assert(first_decision(4, 10.8, 10) == 4)
assert(first_decision(4, 10.8, 10, 0.05) == 5, "tolerance 5%: 8% over the target scales up")
print("tolerance 0.10: 10.8 req/s per pod keeps 4 replicas; tolerance 0.05: scales to 5")

-- The control loop runs every 15 s by default (--horizontal-pod-autoscaler-sync-period, seed
-- claim 3), and the HPA scales anything with a scale subresource: Deployment, StatefulSet,
-- ReplicaSet and ReplicationController (claim 2). The same case, 4 pods at 20 req/s against a
-- target of 10, on each kind:
assert(cluster.new{}:hpa_controller().sync_period == 15)
for _, kind in ipairs{ "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController" } do
  local c = cluster.new{ provider = "gke", seed = 1 }
  c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
  local app = c:deploy{ name = "myapp", kind = kind, replicas = 4,
                        requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 100 }
  app:traffic(load.constant(80))
  c:prometheus{ scrape_interval = "15s" }
   :adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "30s" })
  c:run{ duration = "3m" }
  local h = c:autoscale{ target = app, min = 1, max = 20, metrics = { {
    type = "Pods",
    pods = { metric = { name = "myapp_requests_per_second" },
             target = { type = "AverageValue", averageValue = 10 } } } } }
  c:run{ duration = "1m" }
  print(string.format("%-22s %s", kind, (tostring(h):match("\n(.*)$"))))
  assert(h:status().currentReplicas == 8, kind .. " scaled to 8")
end
