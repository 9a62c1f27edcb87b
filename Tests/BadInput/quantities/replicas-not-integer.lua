-- expect: bad option 'replicas' in cluster:deploy (number has no integer representation)
local c = fresh()
c:deploy{ name = "x", replicas = 1e300 }
