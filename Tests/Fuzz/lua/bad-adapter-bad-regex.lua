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
-- expect: prometheus:adapter: unable to generate series name filter associated with series query "myapp_requests_total{namespace!=\"\",pod!=\"\"}": unable to compile series filter "^(.*_total$": error parsing regexp: missing closing ): `^(.*_total$`
local c, w, prom = fresh()
prom:adapter(BADINPUT .. "/data/adapter-bad-regex.yaml")
