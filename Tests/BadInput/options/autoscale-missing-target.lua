-- expect: cluster:autoscale: Error from server (NotFound): deployments.apps "nope" not found
local c = fresh()
c:autoscale{ target = "nope", min = 1, max = 3, cpu = 50 }
