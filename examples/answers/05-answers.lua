-- Workshop answers, lesson 05 (pod start-up and readiness). See WORKSHOP.md.
local function dropped(startup, readiness, min)
  min = min or 2
  local c = cluster.new{ provider = "gke", seed = 1 }
  c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
  local app = c:deploy{ name = "myapp", replicas = min, startup = startup, readiness = readiness,
                        requests = { cpu = "100m", memory = "64Mi" },
                        rps_capacity = 20, cpu_base = "5m", cpu_per_request = "10m" }
  app:traffic(load.step(6, 60, "10m"))
  c:metrics_server{ resolution = "15s" }
  local prom = c:prometheus{ scrape_interval = "15s" }
  c:autoscale{ target = app, min = min, max = 30, cpu = 50 }
  c:run{ duration = "25m" }
  return prom:query("sum(myapp_requests_dropped_total)")[1].value
end

-- Exercise 5.1: the readiness probe's delay doubles from 60s to 120s: how many more requests
-- are dropped? Every extra second of start-up is a second at the old capacity.
local d60, d120 = dropped("60s", "60s"), dropped("60s", "120s")
print(string.format("5.1: readiness 60s: %.0f dropped; 120s: %.0f dropped", d60, d120))
assert(d120 > d60 * 1.3)

-- Exercise 5.2: keep 4 replicas warm (minReplicas 4 instead of 2): capacity 80 req/s covers
-- the 60 req/s step before any new pod starts, so nothing is dropped even with slow pods.
local warm = dropped("60s", "120s", 4)
print(string.format("5.2: minReplicas 4: %.0f dropped", warm))
assert(warm == 0)
