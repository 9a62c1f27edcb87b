-- expect: bad option 'replicas' in cluster:deploy (number expected, got string)
local c = fresh()
c:deploy{ name = "x", replicas = "two" }
