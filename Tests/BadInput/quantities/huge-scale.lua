-- expect: scale: web: replicas 2147483648 is more than scalelab simulates (at most 1500000 pods in a workload, 10x Kubernetes' largest tested cluster of 150000 pods)
local c, w = fresh()
w:scale(2^31)
