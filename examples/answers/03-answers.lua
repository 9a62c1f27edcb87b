-- Workshop answers, lesson 03 (the custom-metrics pipeline). See WORKSHOP.md.
local dir = arg and arg[0] and (arg[0]:match("^(.-)answers/[^/]*$") or "../") or "examples/"

local function myapp(relist, window)
  local c = cluster.new{ provider = "gke", seed = 1 }
  c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
  local app = c:deploy{ name = "myapp", replicas = 1,
                        requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 50 }
  local h = c:apply(dir .. "manifests/hpa.yaml")
  local prom = c:prometheus{ scrape_interval = "15s" }
  prom:adapter{ metrics_relist_interval = relist, rules = { {
    seriesQuery = 'myapp_requests_total{namespace!="",pod!=""}',
    resources = { overrides = { namespace = { resource = "namespace" },
                                pod = { resource = "pod" } } },
    name = { matches = "^(.*)_total$", as = "${1}_per_second" },
    metricsQuery = "sum(rate(<<.Series>>{<<.LabelMatchers>>}[" .. window
                   .. "])) by (<<.GroupBy>>)" } } }
  return c, app, h
end
local function active(h)
  for _, cond in ipairs(h:status().conditions) do
    if cond.type == "ScalingActive" then return cond.status == "True" end
  end
  return false
end

-- Exercise 3.1: with prometheus-adapter's default --metrics-relist-interval (10m), when does
-- the HPA first get its metric? The adapter lists series at start-up — before Prometheus
-- has scraped anything — and again 10 minutes later: the HPA is blind for 10 minutes.
local c, app, h = myapp("10m", "2m")
app:traffic(load.constant(4))
assert(c:step_until(function() return active(h) end, "30m"))
print("3.1: default relist (10m): the metric appears at " .. c.now)
assert(c.time >= 600 and c.time < 630)
local c1, app1, h1 = myapp("1m", "2m")
app1:traffic(load.constant(4))
assert(c1:step_until(function() return active(h1) end, "30m"))
print("     relist 1m: at " .. c1.now)
assert(c1.time <= 90)

-- Exercise 3.2: a 1m rate window instead of 2m: how much sooner are 6 pods Ready after a
-- traffic step from 2 to 12 req/s?
local function time_to_six(window)
  local c2, app2 = myapp("1m", window)
  app2:traffic(load.step(2, 12, "10m"))
  c2:run{ duration = "10m" }
  assert(c2:step_until(function(x)
    local r = 0
    for _, p in ipairs(x:pods{ workload = "myapp" }) do if p.ready then r = r + 1 end end
    return r >= 6
  end, "20m"))
  return c2.time - 600
end
local two, one = time_to_six("2m"), time_to_six("1m")
print(string.format("3.2: 6 Ready pods %ds after the step with rate[2m], %ds with rate[1m]",
                    two, one))
assert(one < two)

-- Exercise 3.3: add a second HPA on myapp, on CPU (`c:autoscale{ target = app, name = "cpu",
-- cpu = 50, max = 10 }`). Which one wins? Neither: the HPA controller refuses to act when
-- one pod is selected by several HPAs (AmbiguousSelector), and both stop scaling.
local c3, app3, h3 = myapp("1m", "2m")
app3:traffic(load.constant(20))
local cpu = c3:autoscale{ target = app3, name = "cpu", min = 1, max = 10, cpu = 50 }
c3:metrics_server{}
c3:run{ duration = "5m" }
for _, x in ipairs{ h3, cpu } do
  local reason
  for _, cond in ipairs(x:status().conditions) do
    if cond.type == "ScalingActive" then reason = cond.reason end
  end
  assert(reason == "AmbiguousSelector", reason)
end
assert(h3:status().currentReplicas == 1)
print("3.3: two HPAs on myapp: both AmbiguousSelector, myapp stays at 1 replica")
