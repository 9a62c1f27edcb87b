-- expect: bad option 'type' in cluster:add_pool (unknown instance type "n1-standard-999" (did you mean "n1-standard-96", "n1-standard-1", "n1-standard-16"?))
local c = fresh()
c:add_pool{ name = "p", type = "n1-standard-999", count = 1 }
