-- expect: query "sum by (pod (myapp_requests_total)": 1:35: parse error: unclosed left parenthesis
local c, w, prom = fresh()
prom:query("sum by (pod (myapp_requests_total)")
