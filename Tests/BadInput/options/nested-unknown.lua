-- expect: unknown option 'cpus' in cluster:deploy requests (did you mean 'cpu'?)
local c = fresh()
c:deploy{ name = "x", replicas = 1, requests = { cpus = "1" } }
