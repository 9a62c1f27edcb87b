-- expect: cluster:deploy: Deployment "x": replicas 99999999 is more than scalelab simulates (at most 1500000 pods in a workload, 10x Kubernetes' largest tested cluster of 150000 pods)
local c = fresh()
c:deploy{ name = "x", replicas = 99999999, requests = { cpu = "100m" } }
