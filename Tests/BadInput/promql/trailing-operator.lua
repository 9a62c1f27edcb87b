-- expect: query "1 +": 1:4: parse error: unexpected end of input
local c, w, prom = fresh()
prom:query("1 +")
