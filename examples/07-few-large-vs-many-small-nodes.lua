-- 07 · Few large nodes or many small ones? Every trade-off of the seed article, computed.
--
-- The second seed article ("Architecting Kubernetes clusters — choosing a worker node size")
-- lists what changes when the same capacity comes as few large or many small nodes.
-- sizing.compare{...} schedules the workload on each option with the simulator's own scheduler
-- and reports every one of them: overhead, fragmentation (stranded capacity), effective
-- replication, blast radius, scaling increment, pods-per-node limits, cost, control plane.
-- Most claims use idealised machines ("none" profile: allocatable = capacity, as the article's
-- arithmetic assumes); prices, pod limits, the control plane and the last comparison use real
-- catalog types with each cloud's real reservations.
--
-- Run: scalelab examples/07-few-large-vs-many-small-nodes.lua

local GiB = 1024 * 1024 * 1024

-- Idealised machines, priced linearly (as the cloud prices them: claim 11).
catalog.define{ name = "ideal-1", cpu = 1, memory = "1G", price = 0.05 }
catalog.define{ name = "ideal-10", cpu = 10, memory = "10G", price = 0.50 }
catalog.define{ name = "ideal-2x8", cpu = 2, memory = "8Gi", price = 0.10 }
catalog.define{ name = "ideal-4x16", cpu = 4, memory = "16Gi", price = 0.20 }

local function close(a, b) return math.abs(a - b) < 1e-6 end

-- Claim 10: 8 cores and 32 GB as 4 smaller nodes or 2 larger ones: the same capacity.
local same = sizing.compare{ provider = "none", workload = {},
  options = { "4x ideal-2x8", "2x ideal-4x16" } }
assert(same[1].capacity.cpu == 8 and same[2].capacity.cpu == 8)
assert(same[1].capacity.memory == 32 * GiB and same[2].capacity.memory == 32 * GiB)
print("claim 10: 4x 2 CPU/8 GiB and 2x 4 CPU/16 GiB both give 8 CPU and 32 GiB")

-- Claim 14, overhead: daemons of 0.1 CPU and 0.1 GB on every node are 1% of one 10-CPU/10-GB
-- node, but 10% of ten 1-CPU/1-GB nodes.
local daemons = { { name = "agents", requests = { cpu = "100m", memory = "100M" } } }
local o = sizing.compare{ provider = "none", workload = {}, daemonsets = daemons,
  options = { "1x ideal-10", "10x ideal-1" } }
print(string.format("claim 14 overhead: one large node %.0f%% CPU, ten small nodes %.0f%% CPU",
                    o[1].overhead.cpu, o[2].overhead.cpu))
assert(close(o[1].overhead.cpu, 1) and close(o[1].overhead.memory, 1))
assert(close(o[2].overhead.cpu, 10) and close(o[2].overhead.memory, 10))

-- Claim 14, fragmentation: pods of 0.75 GB fit 10 on ten 1-GB nodes (25% of the memory
-- wasted) but 13 on one 10-GB node (2.5% wasted). Here: 13 replicas of 768 MiB on 1 GiB
-- nodes — the 3 that do not fit stay Pending.
catalog.define{ name = "ideal-1g", cpu = 1, memory = "1Gi", price = 0.05 }
catalog.define{ name = "ideal-10g", cpu = 10, memory = "10Gi", price = 0.50 }
local frag = sizing.compare{ provider = "none",
  workload = { { name = "app", replicas = 13, requests = { cpu = "10m", memory = "768Mi" } } },
  options = { "10x ideal-1g", "1x ideal-10g" } }
print(string.format("claim 14 fragmentation: ten 1 GiB nodes hold %d pods (%.1f%% memory "
  .. "stranded, %d Pending); one 10 GiB node holds %d (%.1f%%)",
  frag[1].pods_scheduled, frag[1].waste.memory, frag[1].pods_pending,
  frag[2].pods_scheduled, frag[2].waste.memory))
assert(frag[1].pods_scheduled == 10 and frag[1].pods_pending == 3 and close(frag[1].waste.memory, 25))
assert(frag[2].pods_scheduled == 13 and close(frag[2].waste.memory, 2.5))

-- Claim 12, replication, blast radius and scaling increment: 12 replicas of 1 CPU/1 GiB on
-- two 10-CPU nodes or ten of them.
local ha = sizing.compare{ provider = "none",
  workload = { { name = "app", replicas = 12, requests = { cpu = "1", memory = "1Gi" } } },
  options = { "2x ideal-10g", "10x ideal-10g" } }
print(tostring(ha))
local two, ten = ha[1], ha[2]
assert(two.effective_replication.app == 2 and ten.effective_replication.app == 10)
assert(two.blast_radius.pods_lost == 6 and close(two.blast_radius.pct, 50))
assert(not two.blast_radius.absorbed and two.blast_radius.pending_after == 2,
       "with 2 nodes the survivor has no room for all of the lost pods")
assert(ten.blast_radius.pods_lost == 2 and ten.blast_radius.absorbed,
       "with 10 nodes the spare capacity elsewhere takes them")
assert(close(two.scaling_increment_pct, 50) and close(ten.scaling_increment_pct, 10))
-- Claim 13: "100 pods on 10 nodes: a failure affects ~10 pods", and the others take them.
local hundred = sizing.compare{ provider = "none",
  workload = { { name = "app", replicas = 100, requests = { cpu = "100m", memory = "100Mi" } } },
  options = { "10x ideal-10g" } }
assert(hundred[1].blast_radius.pods_lost == 10 and hundred[1].blast_radius.absorbed)
print("claim 13: 100 pods on 10 nodes: losing one node loses 10 pods, the others absorb them")
-- "5 replicas on 2 nodes have an effective replication of 2"
local five = sizing.compare{ provider = "none",
  workload = { { name = "ha", replicas = 5, requests = { cpu = "100m", memory = "100Mi" } } },
  options = { "2x ideal-10g", "5x ideal-10g" } }
assert(five[1].effective_replication.ha == 2 and five[2].effective_replication.ha == 5)
print("claim 12: 5 replicas on 2 nodes → effective replication 2; on 5 nodes → 5")

-- Claim 11: in the cloud price is linear: 64 n1-standard-1 cost what one n1-standard-64
-- costs (64 cores, 240 GB) — but the small nodes give less allocatable for the same money.
local price = sizing.compare{ provider = "gke", workload = {},
  options = { "64x n1-standard-1", "1x n1-standard-64" } }
print(string.format("claim 11: 64x n1-standard-1 $%.2f/h, 1x n1-standard-64 $%.2f/h; "
  .. "per allocatable vCPU-month $%.2f vs $%.2f", price[1].cost.hour, price[2].cost.hour,
  price[1].cost.per_vcpu_month, price[2].cost.per_vcpu_month))
assert(close(price[1].cost.hour, price[2].cost.hour))
assert(price[1].cost.per_vcpu_month > price[2].cost.per_vcpu_month)

-- Claim 11: room for resource-hungry apps: an app needing 8 GB does not fit nodes of 1 GB.
local hungry = sizing.compare{ provider = "none",
  workload = { { name = "big", replicas = 1, requests = { memory = "8Gi" } } },
  options = { "8x ideal-1g", "1x ideal-10g" } }
assert(hungry[1].pods_pending == 1 and hungry[2].pods_pending == 0)
print("claim 11: an 8 GiB pod stays Pending on 1 GiB nodes, fits one 10 GiB node")

-- Claims 12 and 14: pods-per-node limits. EKS t2.micro admits 4 pods, t2.small 11, t2.medium
-- 17 (lesson 01); Kubernetes recommends at most 110 per node, even on a 96-core machine.
local limits = sizing.compare{ provider = "eks",
  workload = { { name = "web", replicas = 20, requests = { cpu = "10m", memory = "10Mi" } } },
  options = { "1x t2.micro", "1x t2.small", "1x t2.medium" } }
for i, want in ipairs{ 4, 11, 17 } do
  assert(limits[i].pods_per_node.max == want and limits[i].pods_scheduled == want)
  assert(limits[i].binding == "pods", "the pod count, not CPU or memory, runs out")
end
local gke96 = sizing.compare{ provider = "gke",
  workload = { { name = "web", replicas = 150, requests = { cpu = "10m", memory = "10Mi" } } },
  options = { "1x n1-standard-96" } }
assert(gke96[1].pods_per_node.max == 110 and gke96[1].pods_pending == 40)
print("claims 12/14: max pods per node: t2.micro 4, t2.small 11, t2.medium 17; "
  .. "n1-standard-96 on GKE 110")

-- Claim 14, control plane: kube-up sizes the master by the node count: 5 workers →
-- n1-standard-1; more than 500 → n1-standard-32 (AWS: m3.medium, c4.8xlarge).
local cp = sizing.compare{ provider = "gke", workload = {},
  options = { "5x n1-standard-1", "501x n1-standard-1" } }
assert(cp[1].control_plane.master == "n1-standard-1" and cp[1].control_plane.master_aws == "m3.medium")
assert(cp[2].control_plane.master == "n1-standard-32"
       and cp[2].control_plane.master_aws == "c4.8xlarge")
assert(#cp[2].control_plane.warnings > 0, "500 nodes is already hard in practice")
print("claim 14: 5 nodes → master n1-standard-1; 501 nodes → n1-standard-32 (" ..
      cp[2].control_plane.warnings[1] .. ")")

-- The whole picture for one realistic workload on GKE: the same 16 vCPU as 2, 4 or 8 nodes.
-- Same price; the small nodes lose more to reservations and DaemonSets, the large ones lose
-- more pods per failure and grow in coarser steps.
local web = { { name = "web", replicas = 12, requests = { cpu = "500m", memory = "1Gi" } } }
local agents = { { name = "node-agent", requests = { cpu = "100m", memory = "200Mi" } } }
local all = sizing.compare{ provider = "gke", workload = web, daemonsets = agents,
  options = { "2x e2-standard-8", "4x e2-standard-4", "8x e2-standard-2" } }
print(all)
assert(all[1].overhead.cpu < all[3].overhead.cpu, "smaller nodes: more overhead")
assert(all[1].blast_radius.pct > all[3].blast_radius.pct, "larger nodes: larger blast radius")
assert(all[1].scaling_increment_pct > all[3].scaling_increment_pct, "coarser increments")
