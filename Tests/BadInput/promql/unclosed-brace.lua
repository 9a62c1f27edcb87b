-- expect: query "myapp_requests_total{pod="a"": 1:29: parse error: unexpected end of input inside braces
local c, w, prom = fresh()
prom:query('myapp_requests_total{pod="a"')
