-- expect: query "rate(myapp_requests_total[5m]": 1:30: parse error: unclosed left parenthesis
local c, w, prom = fresh()
prom:query("rate(myapp_requests_total[5m]")
