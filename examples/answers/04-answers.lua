-- Workshop answers, lesson 04 (behavior and stabilization). See WORKSHOP.md.
local dir = arg and arg[0] and (arg[0]:match("^(.-)answers/[^/]*$") or "../") or "examples/"

local base = cluster.new{ provider = "gke", seed = 1 }
base:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
local app = base:deploy{ name = "myapp", replicas = 1,
                         requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 50 }
app:traffic(load.gaussian(load.sine(16, 4, "20m"), 0.25, 7, "1m"))
base:prometheus{ scrape_interval = "15s" }
    :adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "1m" })

local function run(behavior)
  local c = base:clone()
  local h = c:autoscale{ target = "myapp", name = "myhpa", min = 1, max = 20,
    behavior = behavior, metrics = { { type = "Pods", pods = {
      metric = { name = "myapp_requests_per_second" },
      target = { type = "AverageValue", averageValue = 2 } } } } }
  c:run{ duration = "1h" }
  local up, down = 0, 0
  local r = c:timeline("myapp.replicas")
  for i = 2, #r.values do
    if r.values[i] > r.values[i - 1] then up = up + 1 end
    if r.values[i] < r.values[i - 1] then down = down + 1 end
  end
  return up, down
end

-- Exercise 4.1: keep the scale-down window at 0 but allow only 1 pod down per minute. Does
-- that stop the flapping? Partly: it halves the changes, but the HPA still goes down and up
-- with the noise more often than with the default 5-minute window (a memory of recent
-- recommendations), and every extra scale-down is paid back by a scale-up.
local up0, down0 = run{ scaleDown = { stabilizationWindowSeconds = 0 } }
local up1, down1 = run{ scaleDown = { stabilizationWindowSeconds = 0,
  policies = { { type = "Pods", value = 1, periodSeconds = 60 } } } }
local up2, down2 = run(nil)
print(string.format("4.1: window 0: %d up / %d down; 1 pod/min: %d up / %d down; "
  .. "default window (5m): %d up / %d down", up0, down0, up1, down1, up2, down2))
assert(up1 + down1 < up0 + down0, "the rate policy damps")
assert(up1 + down1 > up2 + down2 and up1 > up2, "but flaps more than a window")

-- Exercise 4.2: scaleUp stabilization of 3 minutes: the HPA scales up to the LOWEST
-- recommendation of the last 3 minutes, so short spikes no longer add pods.
local up3 = run{ scaleUp = { stabilizationWindowSeconds = 180 } }
print(string.format("4.2: scale-up window 3m: %d scale-ups (default: %d)", up3, up2))
assert(up3 < up2)

-- Exercise 4.3: sweep the scale-down window (sim.sweep runs the points in parallel, each on a
-- clone of the same scenario): what is the smallest window with at most 5 flaps, and what does
-- it cost in mean replicas compared with no window?
local s = sim.sweep{ baseline = base, duration = "1h",
  grid = { window = { 0, 120, 180, 300 } },
  apply = function(c, point)
    c:autoscale{ target = "myapp", name = "myhpa", min = 1, max = 20,
      behavior = { scaleDown = { stabilizationWindowSeconds = point.window } },
      metrics = { { type = "Pods", pods = { metric = { name = "myapp_requests_per_second" },
        target = { type = "AverageValue", averageValue = 2 } } } } }
  end }
print(s)
local none, smallest
for _, row in ipairs(s:rows()) do
  if row.point.window == 0 then none = row end
  if not smallest and row.flaps <= 5 then smallest = row end
end
print(string.format("4.3: the smallest window with at most 5 flaps: %d s (%d flaps, mean %.2f "
  .. "replicas); no window: %d flaps, mean %.2f", smallest.point.window, smallest.flaps,
  smallest.mean_replicas, none.flaps, none.mean_replicas))
assert(smallest.point.window > 0 and smallest.mean_replicas > none.mean_replicas)
