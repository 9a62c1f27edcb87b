-- expect: bad option 'replicas' in cluster:deploy (must be >= 0, got -1)
local c = fresh()
c:deploy{ name = "x", replicas = -1 }
