-- expect: cluster:add_pool: node pool "big": count 99999999 is more than scalelab simulates (at most 50000 nodes in a pool, 10x Kubernetes' largest tested cluster of 5000 nodes)
local c = fresh()
c:add_pool{ name = "big", type = "n1-standard-4", count = 99999999 }
