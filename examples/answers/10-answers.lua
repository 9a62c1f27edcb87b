-- Workshop answers, lesson 10 (your own scaling policy). See WORKSHOP.md.
local dir = arg and arg[0] and (arg[0]:match("^(.-)answers/[^/]*$") or "../") or "examples/"

local DURATION = 50 * 60
local function run_policy(offered, lead)
  local c = cluster.new{ provider = "gke", seed = 1 }
  c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
  local app = c:deploy{ name = "myapp", replicas = 2, startup = "20s", readiness = "20s",
                        requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 5 }
  app:traffic(load.trace{ { 0, 5 }, { 300, 5 }, { 1500, 60 }, { 2100, 60 }, { 2700, 5 } })
  local prom = c:prometheus{ scrape_interval = "15s" }
  prom:adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "1m" })
  local trend = "deriv((" .. offered .. ")[3m:15s])"
  for _ = 1, DURATION / 15 do
    c:step("15s")
    local now = prom:query(offered)
    if now[1] then
      local slope = prom:query(trend)[1]
      local ahead = now[1].value + math.max(0, slope and slope.value or 0) * lead
      local want = math.max(2, math.min(30, math.ceil(ahead / 4)))
      if want > app.replicas or want < app.replicas - 1 then app:scale(want) end
    end
  end
  return prom:query("sum(myapp_requests_dropped_total)")[1].value
end
local demand = "sum(rate(myapp_requests_total[1m])) + sum(rate(myapp_requests_dropped_total[1m]))"

-- Exercise 10.1: no lead (trend × 0): the policy only follows the demand, 15 s at a time.
-- A few requests are dropped at the start of the ramp, still far fewer than the HPA's.
local no_lead = run_policy(demand, 0)
print(string.format("10.1: without the lead: %.0f requests dropped (with a 60 s lead: 0)",
                    no_lead))
assert(no_lead > 0)

-- Exercise 10.2: give the policy the HPA's view — served requests only, over 2 minutes, no
-- lead. It drops more, yet still far less than the HPA. What is left is the HPA's own caution
-- while scaling up: the 10% tolerance, and new pods with no sample yet counted as 0 ("assumed 0
-- in the second pass" in h:explain()).
local hpa_view = run_policy("sum(rate(myapp_requests_total[2m]))", 0)
local c = cluster.new{ provider = "gke", seed = 1 }
c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
local app = c:deploy{ name = "myapp", replicas = 2, startup = "20s", readiness = "20s",
                      requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 5 }
app:traffic(load.trace{ { 0, 5 }, { 300, 5 }, { 1500, 60 }, { 2100, 60 }, { 2700, 5 } })
local prom = c:prometheus{ scrape_interval = "15s" }
prom:adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "1m" })
local h = c:autoscale{ target = "myapp", name = "myhpa", min = 2, max = 30, metrics = { {
  type = "Pods", pods = { metric = { name = "myapp_requests_per_second" },
                          target = { type = "AverageValue", averageValue = 4 } } } } }
local zeroed = 0
for _ = 1, DURATION / 15 do
  c:step("15s")
  if c.time > 300 and c.time <= 1500 and h:explain():find("assumed 0", 1, true) then
    zeroed = zeroed + 1
  end
end
local hpa = prom:query("sum(myapp_requests_dropped_total)")[1].value
print(string.format("10.2: the HPA's view in Lua: %.0f dropped; the HPA: %.0f dropped, with "
  .. "new pods assumed at 0 in %d reconciles of the ramp", hpa_view, hpa, zeroed))
assert(hpa_view > no_lead and hpa_view < hpa / 2 and zeroed > 0)
