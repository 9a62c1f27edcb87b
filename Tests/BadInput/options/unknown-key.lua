-- expect: unknown option 'replica' in cluster:deploy (did you mean 'replicas'?)
local c = fresh()
c:deploy{ name = "x", replica = 1 }
