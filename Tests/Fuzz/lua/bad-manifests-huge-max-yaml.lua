--lua
-- Loaded before every group of Tests/BadInput (BADINPUT is this directory).
-- fresh() → a small cluster with a Deployment "web" and Prometheus, for one case.
function fresh()
  local c = cluster.new{ provider = "gke", seed = 1 }
  c:add_pool{ name = "default", type = "n1-standard-4", count = 2 }
  local w = c:deploy{ name = "web", replicas = 2, requests = { cpu = "100m", memory = "64Mi" } }
  local prom = c:prometheus{ scrape_interval = "15s" }
  return c, w, prom
end
BADINPUT = "/nonexistent"
-- expect: cluster:apply: data/huge-max.yaml:10:16: spec.maxReplicas: expected an integer (int32), got "99999999999999999999"
local c = fresh()
c:apply(BADINPUT .. "/data/huge-max.yaml")
