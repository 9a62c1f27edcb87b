-- 09 · Mixed pools and cost: what is the cheapest cluster that meets my constraints?
--
-- The seed article ends with: node sizes may be mixed (claim 15), and the answer depends on the
-- workloads — an app needing 10 GB needs nodes of at least 10 GB, an app needing 10 replicas
-- for high availability needs at least 10 nodes; experiment to find the best mix (claim 16).
-- sizing.recommend{...} searches the catalog for the cheapest single pool that fits the
-- workload and meets constraints (blast radius, nodes per workload, pods per node, budget),
-- and says why each runner-up lost. sizing.compare{...} then prices a mix of pools.
--
-- The workload: a web tier (20 × 250m / 512Mi) and a memory-hungry cache (2 × 1 CPU / 12Gi),
-- on AWS (EKS reservations, on-demand prices, 730 hours a month).
--
-- Run: scalelab examples/09-mixed-pools-and-cost.lua

local workload = {
  { name = "web", replicas = 20, requests = { cpu = "250m", memory = "512Mi" } },
  { name = "cache", replicas = 2, requests = { cpu = "1", memory = "12Gi" } },
}
local function recommend(constraints)
  return sizing.recommend{ workload = workload, providers = { "aws" },
                           constraints = constraints }
end

-- 1. No constraint: the cheapest pool is ONE big memory-optimised node — and losing it loses
--    everything (blast radius 100%).
local cheapest = recommend{}
print(string.format("no constraints:          %2dx %-11s $%7.2f/month, blast radius %3.0f%%",
  cheapest.count, cheapest.type, cheapest.cost_month, cheapest.best.blast_radius.pct))
assert(cheapest.count == 1 and cheapest.best.blast_radius.pct == 100)
-- "an app needing 10 GB needs nodes of at least 10 GB": the verdicts say which types the
-- cache rules out.
local ruled_out = 0
for _, c in ipairs(cheapest.candidates) do
  if c.verdict:find("a pod of cache", 1, true) then ruled_out = ruled_out + 1 end
end
assert(ruled_out > 10, "every type under 12Gi of room is ruled out by the cache")

-- 2. At most 30% of the pods on any one node: more, smaller nodes; the price of resilience.
local resilient = recommend{ max_blast_radius_pct = 30 }
print(string.format("blast radius <= 30%%:     %2dx %-11s $%7.2f/month, blast radius %3.0f%%",
  resilient.count, resilient.type, resilient.cost_month, resilient.best.blast_radius.pct))
assert(resilient.best.blast_radius.pct <= 30)
assert(resilient.cost_month > cheapest.cost_month, "resilience costs money")

-- 3. "An app needing 10 replicas for high availability needs at least 10 nodes."
local ha = recommend{ min_nodes_per_workload = 10 }
print(string.format("web on >= 10 nodes:      %2dx %-11s $%7.2f/month, web on %d nodes",
  ha.count, ha.type, ha.cost_month, ha.best.effective_replication.web))
assert(ha.count >= 10 and ha.best.effective_replication.web >= 10)

-- 4. A budget the constraints cannot meet: no pool, and the table says why.
local none = recommend{ max_blast_radius_pct = 30, budget_per_month = 300 }
assert(none.best == nil)
print("blast radius <= 30% for $300/month: " .. tostring(none):match("^[^\n]*"))

-- 5. Mixed pools (claim 15): small burstable nodes for the web tier, two memory-optimised
--    nodes for the cache. It meets the same 30% bound for less than the best single pool.
local mix = sizing.compare{ provider = "eks", workload = workload, options = {
  { type = resilient.type, count = resilient.count },
  { pools = { { type = "t3.large", count = 4 }, { type = "r5.large", count = 2 } } },
} }
print(mix)
local single, mixed = mix[1], mix[2]
assert(mixed.pods_pending == 0 and mixed.blast_radius.pct <= 30)
assert(mixed.cost.month < single.cost.month, "cheaper than the best single pool under the same bound")
print(string.format("the mix saves $%.2f/month (%.0f%%)", single.cost.month - mixed.cost.month,
                    100 * (single.cost.month - mixed.cost.month) / single.cost.month))

-- 6. The mix as a running cluster: two pools, the cache pinned to the memory pool by a node
--    selector (as you would with a node label), everything scheduled.
local c = cluster.new{ provider = "eks", seed = 1 }
c:add_pool{ name = "general", type = "t3.large", count = 4, labels = { tier = "general" } }
c:add_pool{ name = "memory", type = "r5.large", count = 2, labels = { tier = "memory" } }
c:deploy{ name = "web", replicas = 20, requests = { cpu = "250m", memory = "512Mi" } }
c:deploy{ name = "cache", replicas = 2, requests = { cpu = "1", memory = "12Gi" },
          node_selector = { tier = "memory" } }
c:run{ duration = "2m" }
assert(#c:pods{ phase = "Pending" } == 0, "everything fits the mixed cluster")
for _, p in ipairs(c:pods{ workload = "cache" }) do
  assert(p.node:match("^memory%-"), "cache pods run on the memory pool")
end
local live = sizing.analyze(c)
print(string.format("live mixed cluster: %d nodes, $%.2f/month, worst node failure loses %d "
  .. "pods (%.0f%%)", live.nodes, live.cost.month, live.blast_radius.pods_lost,
  live.blast_radius.pct))
assert(math.abs(live.cost.month - mixed.cost.month) < 0.01, "same nodes, same price")
