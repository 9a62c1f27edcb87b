-- expect: query "myapp_requests_total[5m": 1:24: parse error: unclosed left bracket
local c, w, prom = fresh()
prom:query("myapp_requests_total[5m")
