-- Workshop answers, lesson 07 (few large vs many small nodes). See WORKSHOP.md.

-- Exercise 7.1: 16 vCPU on EKS as 8x t3.medium or 2x m5.2xlarge... which loses more to
-- reservations and DaemonSets, and which hits a pods-per-node limit first?
local web = { { name = "web", replicas = 60, requests = { cpu = "100m", memory = "128Mi" } } }
local agents = { { name = "aws-node", requests = { cpu = "25m", memory = "64Mi" } },
                 { name = "kube-proxy", requests = { cpu = "100m", memory = "64Mi" } } }
local r = sizing.compare{ provider = "eks", workload = web, daemonsets = agents,
                          options = { "8x t3.medium", "2x m5.2xlarge" } }
print(r)
local small, large = r[1], r[2]
assert(small.overhead.cpu > large.overhead.cpu and small.overhead.memory > large.overhead.memory)
-- t3.medium admits 17 pods, 2 of them DaemonSet pods: 8 × 15 = 120 slots for web.
assert(small.pods_per_node.max == 17)
print(string.format("7.1: overhead CPU %.1f%% on t3.medium vs %.1f%% on m5.2xlarge; "
  .. "t3.medium admits %d pods per node", small.overhead.cpu, large.overhead.cpu,
  small.pods_per_node.max))

-- Exercise 7.2: on GKE, how many n1-standard-1 nodes cost the same as one n1-standard-8, and
-- how much allocatable CPU does each buy?
local g = sizing.compare{ provider = "gke", workload = {},
                          options = { "8x n1-standard-1", "1x n1-standard-8" } }
assert(math.abs(g[1].cost.hour - g[2].cost.hour) < 1e-9, "the price is linear")
assert(g[1].allocatable.cpu < g[2].allocatable.cpu, "but small nodes give less allocatable")
print(string.format("7.2: same $%.2f/h; allocatable CPU %.2f (8 small) vs %.2f (1 large)",
  g[1].cost.hour, g[1].allocatable.cpu, g[2].allocatable.cpu))
