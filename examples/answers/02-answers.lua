-- Workshop answers, lesson 02 (the HPA formula and tolerance). See WORKSHOP.md.
local dir = arg and arg[0] and (arg[0]:match("^(.-)answers/[^/]*$") or "../") or "examples/"

local function first_decision(replicas, per_pod, target, tolerance)
  local c = cluster.new{ provider = "gke", seed = 1, hpa = { tolerance = tolerance } }
  c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
  local app = c:deploy{ name = "myapp", replicas = replicas,
                        requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 100 }
  app:traffic(load.constant(replicas * per_pod))
  c:prometheus{ scrape_interval = "15s" }
   :adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "30s" })
  c:run{ duration = "3m" }
  local h = c:autoscale{ target = app, min = 1, max = 20, metrics = { {
    type = "Pods",
    pods = { metric = { name = "myapp_requests_per_second" },
             target = { type = "AverageValue", averageValue = target } } } },
    behavior = { scaleDown = { stabilizationWindowSeconds = 0 } } }
  assert(c:step_until(function() return h:status().currentMetrics[1] ~= nil end, "1m"))
  return h:status().desiredReplicas
end

-- Exercise 2.1: 3 replicas at 13 req/s each, target 10 → ceil(3 × 1.3) = 4.
assert(first_decision(3, 13, 10) == 4)
-- With tolerance 0.35 the ratio 1.3 is inside the band [0.65, 1.35]: no change.
assert(first_decision(3, 13, 10, 0.35) == 3)
print("2.1: 3 pods at 13 req/s (target 10) → 4; with tolerance 0.35 → 3")

-- Exercise 2.2: 4 replicas, target 10: below which per-pod value does the HPA remove a pod?
-- Outside the tolerance (< 9) is not enough: ceil(4 × r) must be <= 3, so r <= 0.75 → 7.5.
assert(first_decision(4, 8, 10) == 4, "8 req/s: outside the tolerance, but ceil(3.2) = 4")
assert(first_decision(4, 7.6, 10) == 4)
assert(first_decision(4, 7.5, 10) == 3)
print("2.2: 4 pods scale down to 3 only at 7.5 req/s per pod or less (8 and 7.6 keep 4)")
