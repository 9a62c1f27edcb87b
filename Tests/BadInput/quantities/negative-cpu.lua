-- expect: bad option 'cpu' in cluster:deploy requests (must not be negative, got -100m)
local c = fresh()
c:deploy{ name = "x", replicas = 1, requests = { cpu = "-100m" } }
