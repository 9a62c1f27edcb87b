-- expect: bad argument #4 to 'query_range' (step must be positive)
local c, w, prom = fresh()
prom:query_range("up", 0, 60, 0)
