-- expect: query "sum(x) by": 1:10: parse error: unexpected end of input in grouping opts, expected "("
local c, w, prom = fresh()
prom:query("sum(x) by")
