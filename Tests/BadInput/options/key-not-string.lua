-- expect: positional value 2 in cluster:deploy: options are named (name = ..., replicas = ..., kind = ...)
local c = fresh()
c:deploy{ name = "x", [1] = 2 }
