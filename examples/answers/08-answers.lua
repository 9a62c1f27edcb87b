-- Workshop answers, lesson 08 (node failure and blast radius). See WORKSHOP.md.

-- Exercise 8.1: what is the smallest number of n1-standard-4 nodes on which the failure of
-- any one node is absorbed (every lost pod finds room elsewhere) for 6 pods of 900m?
local function absorbed(count)
  local r = sizing.compare{ provider = "gke",
    workload = { { name = "myapp", replicas = 6, requests = { cpu = "900m", memory = "512Mi" },
                   spread = { topology = "hostname", when_unsatisfiable = "ScheduleAnyway" } } },
    options = { count .. "x n1-standard-4" } }
  return r[1].blast_radius.absorbed, r[1].blast_radius.pods_lost
end
local n = 2
while not absorbed(n) do n = n + 1 end
assert(n == 3)
print("8.1: with " .. n .. " n1-standard-4 nodes a failure loses " .. select(2, absorbed(n))
  .. " pods and the others absorb them (2 nodes: not absorbed)")

-- Exercise 8.2: check it on a running cluster: fail a node of 3 at peak; 10 minutes later
-- all 6 pods are Ready again.
local c = cluster.new{ provider = "gke", seed = 1 }
c:add_pool{ name = "pool", type = "n1-standard-4", count = 3 }
c:deploy{ name = "myapp", replicas = 6, requests = { cpu = "900m", memory = "512Mi" },
          spread = { topology = "hostname", when_unsatisfiable = "ScheduleAnyway" } }
c:run{ duration = "5m" }
assert(c:fail_node("pool-0"))
c:run{ duration = "10m" }
local ready = 0
for _, p in ipairs(c:pods{ workload = "myapp" }) do if p.ready then ready = ready + 1 end end
assert(ready == 6 and #c:pods{ phase = "Pending" } == 0)
print("8.2: after pool-0 failed: 6/6 Ready, none Pending")
