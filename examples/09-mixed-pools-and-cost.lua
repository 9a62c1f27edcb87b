-- 09 · Mixed pools and cost: what is the cheapest cluster that meets my constraints?
--
-- The seed article ends with: node sizes may be mixed (claim 15), and the answer depends on the
-- workloads — an app needing 10 GB needs nodes of at least 10 GB, an app needing 10 replicas
-- for high availability needs at least 10 nodes; experiment to find the best mix (claim 16).
-- sizing.recommend{...} searches the catalog for the cheapest single pool or two-pool mix that
-- fits the workload and meets constraints (blast radius, nodes per workload, pods per node,
-- budget), pins each workload of a mix to its pool with a node selector, and says why each
-- runner-up lost. sizing.compare{...} prices any option you want to check by hand.
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

-- 1. No constraint: the cheapest answer is a MIX — small burstable nodes for the web tier,
--    memory-optimised ones for the cache (claim 15).
local best = recommend{}
print(string.format("cheapest: %s, $%.2f/month (%s); worst node failure loses %.0f%% of the pods",
  best.best.label, best.cost_month, best.assignment, best.best.blast_radius.pct))
assert(#best.pools == 2, "a two-pool mix")
assert(best.assignment:find("cache on r5", 1, true), "the cache goes to a memory-optimised pool")
-- "An app needing 10 GB needs nodes of at least 10 GB": the verdicts say which types the
-- cache rules out.
local ruled_out = 0
for _, c in ipairs(best.candidates) do
  if c.verdict:find("a pod of cache", 1, true) then ruled_out = ruled_out + 1 end
end
assert(ruled_out > 10, "every type under 12Gi of room is ruled out by the cache")

-- 2. The single pools it beats, side by side: one big node that holds everything (cheap, but
--    losing it loses all 22 pods), or four general-purpose nodes.
local cmp = sizing.compare{ provider = "eks", workload = workload, options = {
  { pools = best.pools }, "1x r5.2xlarge", "4x t3a.xlarge" } }
print(cmp)
local mix, one, four = cmp[1], cmp[2], cmp[3]
assert(mix.pods_pending == 0 and one.pods_pending == 0 and four.pods_pending == 0)
assert(mix.cost.month < one.cost.month and mix.cost.month < four.cost.month,
       "the mix is cheaper than either single pool")
assert(one.blast_radius.pct == 100, "one node: losing it loses everything")
print(string.format("the mix saves $%.2f/month against one big node, $%.2f against 4 nodes",
                    one.cost.month - mix.cost.month, four.cost.month - mix.cost.month))

-- 3. "An app needing 10 replicas for high availability needs at least 10 nodes": require the
--    web tier on 10 nodes. More small nodes, and what they cost.
local ha = recommend{ min_nodes_per_workload = 10 }
print(string.format("web on >= 10 nodes: %s, $%.2f/month (+$%.2f), web on %d nodes",
  ha.best.label, ha.cost_month, ha.cost_month - best.cost_month,
  ha.best.effective_replication.web))
assert(ha.best.effective_replication.web >= 10 and ha.cost_month > best.cost_month)

-- 4. A budget nothing meets: no recommendation, and the table says why.
local none = recommend{ budget_per_month = 250 }
assert(none.best == nil)
print("$250/month: " .. tostring(none):match("^[^\n]*"))

-- 5. The recommended mix as a running cluster: two pools, each workload pinned to its pool by
--    a node selector on the instance type (as the recommender assumes), everything scheduled,
--    the same monthly cost.
local c = cluster.new{ provider = "eks", seed = 1 }
local pool_of = {}
for i, p in ipairs(best.pools) do
  c:add_pool{ name = "pool" .. i, type = p.type, count = p.count }
end
for part in best.assignment:gmatch("[^;]+") do
  local name, type = part:match("(%S+) on (%S+)")
  pool_of[name] = type
end
for _, w in ipairs(workload) do
  c:deploy{ name = w.name, replicas = w.replicas, requests = w.requests,
            node_selector = { ["node.kubernetes.io/instance-type"] = pool_of[w.name] } }
end
c:run{ duration = "2m" }
assert(#c:pods{ phase = "Pending" } == 0, "everything fits the mixed cluster")
local live = sizing.analyze(c)
print(string.format("live mixed cluster: %d nodes, $%.2f/month, worst node failure loses %d "
  .. "pods (%.0f%%)", live.nodes, live.cost.month, live.blast_radius.pods_lost,
  live.blast_radius.pct))
assert(math.abs(live.cost.month - best.cost_month) < 0.01, "same nodes, same price")
