-- expect: query "myapp_requests_total{�="a"}": 1:22: parse error: unexpected character: '�'
local c, w, prom = fresh()
prom:query('myapp_requests_total{\xff="a"}')
