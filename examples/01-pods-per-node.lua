-- 01 · Pods per node: the pod-count limit, not CPU or memory, fills a small EKS node first.
--
-- The seed article says a t2.medium holds 14 pods. On EKS the kubelet's max pods comes from
-- the VPC CNI's ENI limits: ENIs × (IPv4 addresses per ENI − 1) + 2 = 3 × (6 − 1) + 2 = 17
-- for a t2.medium (node-sizing.md §3). Twenty tiny pods (10m CPU, 10Mi memory each) use a
-- fraction of the node's 2 vCPU and 4 GiB, yet three of them cannot be placed: kube-scheduler
-- reports "Too many pods" and they stay Pending.

-- EKS t2.medium holds 17 pods (seed claim 14): of 20 small pods on one node, some stay Pending.
local c = cluster.new{ provider = "eks", seed = 1 }
c:add_pool{ name = "small", type = "t2.medium", count = 1 }
c:deploy{ name = "web", replicas = 20, requests = { cpu = "10m", memory = "10Mi" } }
c:run{ duration = "5m" }
local pending, msg = 0, ""
for _, p in ipairs(c:pods()) do      -- plain tables with phase and message (the PodScheduled message)
  if p.phase == "Pending" then pending = pending + 1; msg = p.message end
end
assert(pending > 0 and msg:find("Too many pods"), msg)
print("pending=" .. pending)

-- The node's allocatable says why: 17 pod slots, while CPU and memory are barely touched.
local node = c:nodes()[1]
assert(node.allocatable.pods == 17, "t2.medium on EKS admits 17 pods")
assert(node.requested.pods == 17, "all 17 slots are taken")
assert(node.requested.cpu < node.allocatable.cpu / 5, "CPU is not what runs out")
assert(pending == 20 - 17, "exactly the pods beyond the 17th are Pending")
print(string.format("node %s: %d/%d pods, cpu %.2f of %.2f cores requested",
  node.name, node.requested.pods, node.allocatable.pods, node.requested.cpu,
  node.allocatable.cpu))

-- kube-scheduler's message names the reason per node, as `kubectl describe pod` shows it.
print(msg)

-- The Deployment, as `kubectl get deploy web` prints it: 17 of 20 ready.
print(c:get("deploy", "web"))
