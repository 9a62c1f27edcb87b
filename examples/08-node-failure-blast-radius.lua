-- 08 · Node failure and blast radius: what happens when a node dies at peak?
--
-- The seed article: with 2 nodes, losing one loses about half the pods, and the other node may
-- not have room to reschedule them; with many small nodes a failure touches few pods and the
-- spare capacity elsewhere takes them. Here it happens on a running cluster, with Kubernetes'
-- own timing: the node stops reporting; after --node-monitor-grace-period (50 s, the default
-- since Kubernetes 1.32) the node lifecycle controller sets its Ready condition to Unknown
-- (event NodeNotReady), marks its pods not Ready — they leave the Service — and taints it
-- `node.kubernetes.io/unreachable:NoExecute`; the pods are evicted when their default
-- toleration of that taint runs out (300 s: TaintManagerEviction); the Deployment creates
-- replacements, which the scheduler places where there is room — or leaves Pending.
--
-- Scenario: myapp, 6 replicas of 900m CPU spread over the nodes, each pod serving up to 10 req/s,
-- at a peak of 40 req/s, on 2 n1-standard-4 (8 vCPU) and on 6 n1-standard-2 (12 vCPU: one 900m
-- pod per node leaves each small node 1 CPU of spare room). We fail the node holding the most
-- myapp pods, at peak.
--
-- Run: scalelab examples/08-node-failure-blast-radius.lua

local function scenario(type, count)
  local c = cluster.new{ provider = "gke", seed = 1 }
  c:add_pool{ name = "pool", type = type, count = count }
  local app = c:deploy{ name = "myapp", replicas = 6,
                        requests = { cpu = "900m", memory = "512Mi" }, rps_capacity = 10,
                        spread = { topology = "hostname", when_unsatisfiable = "ScheduleAnyway" } }
  app:traffic(load.constant(40))
  local prom = c:prometheus{ scrape_interval = "15s" }     -- counts the dropped requests
  c:run{ duration = "10m" }

  -- The worst node to lose: the one with the most myapp pods.
  local count_on = {}
  for _, p in ipairs(c:pods{ workload = "myapp" }) do
    count_on[p.node] = (count_on[p.node] or 0) + 1
  end
  local victim, lost = nil, 0
  for node, n in pairs(count_on) do
    if n > lost or (n == lost and node < victim) then victim, lost = node, n end
  end
  -- sizing.analyze(c) predicts the blast radius of the worst single-node failure.
  local predicted = sizing.analyze(c).blast_radius
  local before = prom:query("sum(myapp_requests_dropped_total)")[1].value

  assert(c:fail_node(victim))
  c:run{ duration = "10m" }
  local ready, pending = 0, 0
  for _, p in ipairs(c:pods{ workload = "myapp" }) do
    if p.ready then ready = ready + 1 end
    if p.phase == "Pending" then pending = pending + 1 end
  end
  local dropped = prom:query("sum(myapp_requests_dropped_total)")[1].value - before
  local reasons, first = {}, {}
  for _, e in ipairs(c:events()) do
    reasons[e.reason] = (reasons[e.reason] or 0) + e.count
    first[e.reason] = math.min(first[e.reason] or math.huge, e.first_seen)
  end
  return { c = c, victim = victim, lost = lost, predicted = predicted, ready = ready,
           pending = pending, dropped = dropped, reasons = reasons, first = first }
end

local large = scenario("n1-standard-4", 2)
local small = scenario("n1-standard-2", 6)
for _, r in ipairs{ { "2x n1-standard-4", large }, { "6x n1-standard-2", small } } do
  local x = r[2]
  print(string.format("%s: %s held %d of 6 pods (predicted %d, %.0f%%); 10 minutes later %d "
    .. "Ready, %d Pending; %.0f requests dropped", r[1], x.victim, x.lost,
    x.predicted.pods_lost, x.predicted.pct, x.ready, x.pending, x.dropped))
end

-- The blast radius: half the pods on 2 nodes, one pod on 6 — as sizing.analyze predicted.
assert(large.lost == 3 and large.predicted.pods_lost == 3)
assert(small.lost == 1 and small.predicted.pods_lost == 1)
-- Kubernetes' sequence of events: NodeNotReady, then the taint manager's evictions.
assert(large.reasons.NodeNotReady and large.reasons.TaintManagerEviction == 3)
assert(large.first.NodeNotReady == 600 + 50, "NodeNotReady 50 s after the node went silent")
assert(large.first.TaintManagerEviction == large.first.NodeNotReady + 300,
       "evicted when the 300 s unreachable toleration runs out")
print(string.format("node failed at 10m0s; NodeNotReady at +%ds; evictions at +%ds",
                    large.first.NodeNotReady - 600, large.first.TaintManagerEviction - 600))
-- "The other node may not have room": the survivor takes 1 of the 3 (3.9 CPU allocatable,
-- 2.7 used); 2 replacements stay Pending. With 6 nodes the replacement finds room at once.
assert(large.pending == 2 and large.ready == 4, "2 replacements have nowhere to go")
assert(not large.predicted.absorbed and large.predicted.pending_after == 2)
assert(small.pending == 0 and small.ready == 6, "the spare capacity elsewhere takes it")
-- 40 req/s on 3 surviving pods of 10 req/s each: requests are dropped until replacements
-- serve; 5 survivors (8 req/s each) carry the load.
assert(large.dropped > 0 and small.dropped == 0)

-- The failure on a chart: Ready pods, Pending pods, Ready nodes, and the event markers.
print(large.c:chart{ series = { "myapp.ready", "pods.pending", "nodes.ready" }, from = "9m",
                     width = 90, height = 8, color = false })
-- The failed node as `kubectl describe node` would show it.
print(large.c:get("nodes"))
