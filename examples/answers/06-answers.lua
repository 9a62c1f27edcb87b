-- Workshop answers, lesson 06 (HPA with the Cluster Autoscaler). See WORKSHOP.md.
local dir = arg and arg[0] and (arg[0]:match("^(.-)answers/[^/]*$") or "../") or "examples/"

local function first_pod_on_new_node(provision_time, pool_count)
  local c = cluster.new{ provider = "gke", seed = 3 }
  c:add_pool{ name = "pool", type = "e2-standard-4", count = pool_count, min = 1, max = 6 }
  c:autoscaler{ provision_time = provision_time }
  local app = c:deploy{ name = "myapp", replicas = 1, startup = "5s",
                        requests = { cpu = "1", memory = "1Gi" }, rps_capacity = 5 }
  app:traffic(load.step(2, 16, "5m"))
  c:prometheus{ scrape_interval = "15s" }
   :adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "1m" })
  c:apply(dir .. "manifests/hpa.yaml")
  c:run{ duration = "5m" }
  assert(c:step_until(function(x)
    local r = 0
    for _, p in ipairs(x:pods{ workload = "myapp" }) do if p.ready then r = r + 1 end end
    return r > 3
  end, "20m"))
  return c.time - 300, c
end

-- Exercise 6.1: a slow cloud (nodes register after 5 minutes): the end-to-end time grows by
-- the same amount as the provisioning time.
local normal = first_pod_on_new_node(nil, 1)
local slow = first_pod_on_new_node("5m", 1)
print(string.format("6.1: default provisioning: %.0fs; 5m provisioning: %.0fs", normal, slow))
assert(slow > normal + 60 and slow > 300)

-- Exercise 6.2: over-provisioning — start with 3 nodes instead of 1: the new pods fit at once
-- and the Cluster Autoscaler is not on the critical path at all.
local spare, c = first_pod_on_new_node(nil, 3)
print(string.format("6.2: with 3 nodes from the start: %.0fs", spare))
assert(spare < 120)
for _, e in ipairs(c:events()) do
  assert(e.reason ~= "TriggeredScaleUp", "no scale-up was needed")
end
