-- expect: bad option 'memory' in cluster:deploy requests (cannot parse quantity "64mi": unable to parse quantity's suffix)
local c = fresh()
c:deploy{ name = "x", replicas = 1, requests = { memory = "64mi" } }
