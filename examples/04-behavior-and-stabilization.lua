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
-- metric (2 req/s per pod, 1 to 20 pods), compared with sim.compare: each variant runs on a
-- clone of one scenario, so the traffic is identical to the request. We count scale events,
-- flaps (reversals: up after down or down after up) and the replicas each variant pays for.
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

local function seed_hpa(c, behavior)
  return c:autoscale{
    target = "myapp", name = "myhpa", min = 1, max = 20, behavior = behavior,
    metrics = { { type = "Pods", pods = {
      metric = { name = "myapp_requests_per_second" },
      target = { type = "AverageValue", averageValue = 2 } } } } }
end
seed_hpa(base)                 -- the baseline: no `behavior`, the defaults (5m scale-down window)

local r = sim.compare{
  baseline = base, duration = "1h", title = "the seed's HPA on noisy traffic",
  variants = {
    -- an option table changes the HPA's fields; a function may change anything on the clone
    ["no stabilization"] = { scale_down_window = "0s" },
    calm = function(c)
      c:hpa("myhpa"):delete()
      seed_hpa(c, {
        scaleUp = { stabilizationWindowSeconds = 60 },
        scaleDown = { stabilizationWindowSeconds = 600,
                      policies = { { type = "Pods", value = 1, periodSeconds = 60 } } } })
    end,
  },
}
print(r)
local fig = {}
for _, f in ipairs(r:figures()) do fig[f.name] = f end
local flappy, default, calm = fig["no stabilization"], fig.baseline, fig.calm

-- Without a scale-down window the HPA follows the noise: many more scale events and flaps.
assert(flappy.scale_events > 2 * calm.scale_events, "no window: far more rescales")
assert(flappy.flaps > 2 * calm.flaps, "no window: far more up/down reversals")
assert(flappy.scale_events > default.scale_events and default.scale_events > calm.scale_events)
-- Calm is not free: holding replicas through the dips costs pods.
assert(calm.mean_replicas > flappy.mean_replicas, "stabilization keeps more pods around")

print(r:chart("myapp.replicas", { width = 80, height = 10, color = false }))

-- h:explain() shows the window at work: the recommendations it holds and the one it picked.
local why = r:cluster("calm"):hpa("myhpa"):explain()
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
