-- 06 · HPA with the Cluster Autoscaler: how long from a traffic jump to pods on new nodes?
--
-- The seed article names three autoscalers; the HPA and the Cluster Autoscaler (CA) work in
-- sequence. When the HPA asks for more pods than the nodes can hold, the extra pods stay
-- Pending ("0/1 nodes are available: 1 Insufficient cpu"); the CA sees unschedulable pods on
-- its next scan (every 10 s), simulates which node group would fit them and asks the cloud for
-- nodes; the nodes boot, register, become Ready; the scheduler places the pods; they start.
-- The Cluster Autoscaler FAQ ("How fast is HPA when combined with CA?") adds it up to "usually
-- about 5 minutes", most of it node provisioning (3-4 minutes on GCE).
--
-- Scenario: myapp (1 CPU per pod) with the seed's HPA and pipeline on one e2-standard-4 node
-- (3 such pods fit), a node pool autoscaled between 1 and 6 nodes. Traffic jumps from 2 to
-- 16 req/s at 5m: the HPA wants 8 pods. We time each stage from the cluster's timeline
-- series and event log.
--
-- Run: scalelab examples/06-hpa-with-cluster-autoscaler.lua

local dir = arg and arg[0] and (arg[0]:match("^(.*/)") or "") or "examples/"

local function scenario(provision_time)
  local c = cluster.new{ provider = "gke", seed = 3 }
  c:add_pool{ name = "pool", type = "e2-standard-4", count = 1, min = 1, max = 6 }
  c:autoscaler{ provision_time = provision_time }         -- CA on every pool, its defaults
  local app = c:deploy{ name = "myapp", replicas = 1, startup = "5s",
                        requests = { cpu = "1", memory = "1Gi" }, rps_capacity = 5 }
  app:traffic(load.step(2, 16, "5m"))
  c:prometheus{ scrape_interval = "15s" }
   :adapter(dir .. "manifests/adapter.yaml", { metrics_relist_interval = "1m" })
  local h = c:apply(dir .. "manifests/hpa.yaml")
  c:run{ duration = "15m" }
  return c, h
end

-- The first event with `reason` at or after `from` (seconds), or nil.
local function first_event(c, reason, from)
  local best
  for _, e in ipairs(c:events()) do
    if e.reason == reason and e.first_seen >= from and (not best or e.first_seen < best) then
      best = e.first_seen
    end
  end
  return best
end

-- The first time after `from` when series `name` satisfies `ok`.
local function first_time(c, name, from, ok)
  local s = assert(c:timeline(name))
  for i, t in ipairs(s.times) do
    if (s.times[i + 1] or math.huge) > from and ok(s.values[i]) then return math.max(t, from) end
  end
end

local function stages(c)
  local step = 300
  local rescale = first_time(c, "myhpa.desired", step, function(v) return v > 3 end)
  local pending = first_time(c, "pods.pending", step, function(v) return v > 0 end)
  local triggered = first_event(c, "TriggeredScaleUp", step)
  local node_ready = first_time(c, "nodes.ready", step, function(v) return v > 1 end)
  -- more than one node's worth (3 pods) Ready: the first pod on a new node serves
  local helped = first_time(c, "myapp.ready", step, function(v) return v > 3 end)
  local all_ready = first_time(c, "myapp.ready", step, function(v) return v >= 8 end)
  assert(rescale and pending and triggered and node_ready and helped and all_ready)
  return { rescale - step, triggered - rescale, node_ready - triggered,
           helped - node_ready, helped - step, pending = pending - step,
           all = all_ready - step }
end

local c, h = scenario(nil)                        -- default provisioning: 2m30s to 3m30s
local s = stages(c)
local names = { "traffic step → HPA rescale (scrape, rate window, sync)",
                "HPA rescale → CA TriggeredScaleUp (pods Pending, CA scan)",
                "scale-up → new node Ready (provisioning, registration)",
                "node Ready → first pod on it Ready (schedule, start)" }
for i, name in ipairs(names) do print(string.format("%-60s %4.0fs", name, s[i])) end
print(string.format("%-60s %4.0fs", "total: the first new pod serves", s[5]))
print(string.format("%-60s %4.0fs", "(all 8 pods Ready, after more HPA steps and nodes)", s.all))

-- The stages add up, and the total is the FAQ's "about 5 minutes" order of magnitude.
assert(s[1] + s[2] + s[3] + s[4] == s[5])
assert(s[5] >= 180 and s[5] <= 420, "3 to 7 minutes end to end")
assert(s[3] >= 150, "node provisioning is 2m30s or more")
assert(s[3] > s[1] + s[2] + s[4], "provisioning is the largest part")

-- Two separate controllers (seed claim 1): the HPA changes the Deployment's replicas, the CA
-- the node group's size; each records its own events.
for _, e in ipairs(c:events()) do
  if e.reason == "SuccessfulRescale" then
    assert(e.source == "horizontal-pod-autoscaler" and e.kind == "HorizontalPodAutoscaler")
  elseif e.reason == "TriggeredScaleUp" then
    assert(e.source == "cluster-autoscaler" and e.kind == "Pod")
  end
end

-- The pods the HPA added waited Pending: the scheduler's message, and the CA's own event.
local pending_msg
for _, e in ipairs(c:events()) do
  if e.reason == "FailedScheduling" then pending_msg = pending_msg or e.message end
end
print("\nFailedScheduling: " .. pending_msg)
assert(pending_msg:find("Insufficient cpu", 1, true))
for _, e in ipairs(c:events()) do
  if e.reason == "TriggeredScaleUp" then print("TriggeredScaleUp: " .. e.message) break end
end
print(c:chart{ series = { "myapp.replicas", "myapp.ready", "pods.pending", "nodes.ready" },
               width = 90, height = 10, from = "4m", to = "12m", color = false })

-- A faster cloud: nodes that register in 1 minute cut the total by about two minutes.
local fast = stages((scenario("1m")))
print(string.format("with 1m provisioning: %.0fs end to end (was %.0fs)", fast[5], s[5]))
assert(fast[5] < s[5] - 60)
