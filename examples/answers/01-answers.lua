-- Workshop answers, lesson 01 (pods per node). See WORKSHOP.md.

-- Exercise 1.1: how many EKS t2.small nodes do 20 tiny pods need? A t2.small admits
-- 3 ENIs × (4 − 1) + 2 = 11 pods, so one node leaves 9 Pending and two nodes hold all 20.
local function pending_on(count)
  local c = cluster.new{ provider = "eks", seed = 1 }
  c:add_pool{ name = "small", type = "t2.small", count = count }
  c:deploy{ name = "web", replicas = 20, requests = { cpu = "10m", memory = "10Mi" } }
  c:run{ duration = "2m" }
  return #c:pods{ phase = "Pending" }, c:nodes()[1].allocatable.pods
end
local one, slots = pending_on(1)
assert(slots == 11 and one == 9)
assert(pending_on(2) == 0)
print("1.1: t2.small admits " .. slots .. " pods; 1 node leaves " .. one .. " Pending, 2 nodes none")

-- Exercise 1.2: the same 20 pods on GKE's n1-standard-1 (110 pods per node): one node is
-- enough — the pod limit binds on EKS's small instances, not everywhere.
local c = cluster.new{ provider = "gke", seed = 1 }
c:add_pool{ name = "small", type = "n1-standard-1", count = 1 }
c:deploy{ name = "web", replicas = 20, requests = { cpu = "10m", memory = "10Mi" } }
c:run{ duration = "2m" }
assert(#c:pods{ phase = "Pending" } == 0 and c:nodes()[1].allocatable.pods == 110)
print("1.2: one GKE n1-standard-1 admits 110 pods: all 20 Running")
