-- 04 · Behavior and stabilization: why does my Deployment flap, and what does calm cost?
--
-- Real traffic is noisy. The HPA computes a new proposal every 15 s; if it acted on every one,
-- the replicas would go up and down with the noise ("flapping"): pods start and stop for
-- nothing, caches go cold, connections drop. Kubernetes damps this with the HPA's `behavior`:
--   - a stabilization window per direction: scale down only to the HIGHEST recommendation of
--     the last N seconds (scale-down default 300 s), scale up only to the LOWEST of the last N
--     (scale-up default 0 s);
--   - policies that cap the change per period (e.g. at most 1 pod per minute down).
-- Same cluster, same noisy traffic (a 20-minute wave with 25% noise), three HPAs on the seed's
-- metric (2 req/s per pod, 1 to 20 pods): each variant is a clone of one scenario, so the
-- traffic is identical to the request. We count scale events and reversals (up after down or
-- down after up), and the pod-hours each variant pays.
--
-- Run: scalelab examples/04-behavior-and-stabilization.lua

local dir = arg and arg[0] and (arg[0]:match("^(.*/)") or "") or "examples/"

local base = cluster.new{ provider = "gke", seed = 1 }
base:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
local app = base:deploy{ name = "myapp", replicas = 1,
                         requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 50 }
-- 16 req/s ± 4 over 20 minutes, each minute multiplied by (1 + 0.25·N(0,1)) (seeded).
app:traffic(load.gaussian(load.sine(16, 4, "20m"), 0.25, 7, "1m"))
base:prometheus{ scrape_interval = "15s" }
    :adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "1m" })

local function run_variant(behavior)
  local c = base:clone()                     -- same traffic, same seed, same everything
  local h = c:autoscale{
    target = "myapp", name = "myhpa", min = 1, max = 20, behavior = behavior,
    metrics = { { type = "Pods", pods = {
      metric = { name = "myapp_requests_per_second" },
      target = { type = "AverageValue", averageValue = 2 } } } } }
  c:run{ duration = "1h" }
  local events = 0
  for _, e in ipairs(h:events()) do
    if e.reason == "SuccessfulRescale" then events = events + e.count end
  end
  -- Reversals and pod-hours from the replicas series (a step series: value until the next).
  local r = c:timeline("myapp.replicas")
  local reversals, last_dir, pod_seconds = 0, 0, 0
  for i = 1, #r.values do
    local t_next = r.times[i + 1] or 3600
    pod_seconds = pod_seconds + r.values[i] * (t_next - r.times[i])
    if i > 1 and r.values[i] ~= r.values[i - 1] then
      local d = r.values[i] > r.values[i - 1] and 1 or -1
      if last_dir ~= 0 and d ~= last_dir then reversals = reversals + 1 end
      last_dir = d
    end
  end
  return { c = c, h = h, events = events, reversals = reversals, pod_hours = pod_seconds / 3600 }
end

local variants = {
  { name = "no stabilization", behavior = { scaleDown = { stabilizationWindowSeconds = 0 } } },
  { name = "defaults (5m down)", behavior = nil },
  { name = "calm", behavior = {
      scaleUp = { stabilizationWindowSeconds = 60 },
      scaleDown = { stabilizationWindowSeconds = 600,
                    policies = { { type = "Pods", value = 1, periodSeconds = 60 } } } } },
}
print(string.format("%-20s %8s %10s %10s", "variant", "rescales", "reversals", "pod-hours"))
for _, v in ipairs(variants) do
  local r = run_variant(v.behavior)
  v.result = r
  print(string.format("%-20s %8d %10d %10.1f", v.name, r.events, r.reversals, r.pod_hours))
end
local flappy, default, calm = variants[1].result, variants[2].result, variants[3].result

-- Without a scale-down window the HPA follows the noise: many more scale events and reversals.
assert(flappy.events > 2 * calm.events, "no window: far more rescales than the calm HPA")
assert(flappy.reversals > 2 * calm.reversals, "no window: far more up/down reversals")
assert(flappy.events > default.events and default.events > calm.events)
-- Calm is not free: holding replicas through the dips costs pod-hours.
assert(calm.pod_hours > flappy.pod_hours, "stabilization keeps more pods around")

print("\nno stabilization:")
print(flappy.c:chart{ series = { "myapp.replicas" }, width = 80, height = 8, color = false })
print("calm:")
print(calm.c:chart{ series = { "myapp.replicas" }, width = 80, height = 8, color = false })

-- h:explain() shows the window at work: the recommendations it holds and the one it picked.
local why = calm.h:explain()
local held, highest = 0, 0
for r in why:gmatch("recommendation (%d+), [^\n]-%(in the window%)") do
  held, highest = held + 1, math.max(highest, tonumber(r))
end
local proposal, stabilized = why:match("proposal (%d+) → stabilized (%d+)")
print(string.format("calm HPA at 1h: %s; %d recommendations in its windows (highest %d); "
  .. "proposal %s → stabilized %s", why:match("stabilization %(behavior%): ([^\n]*)"), held,
  highest, proposal, stabilized))
assert(why:find("scale-down window 10m0s", 1, true), why)
assert(held > 0 and tonumber(stabilized) <= math.max(highest, tonumber(proposal)))
