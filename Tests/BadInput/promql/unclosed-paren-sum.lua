-- expect: query "sum(rate(myapp_requests_total[5m])": 1:35: parse error: unclosed left parenthesis
local c, w, prom = fresh()
prom:query("sum(rate(myapp_requests_total[5m])")
