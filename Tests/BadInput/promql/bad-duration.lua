-- expect: query "myapp_requests_total[5x]": 1:22: parse error: bad number or duration syntax: "5x"
local c, w, prom = fresh()
prom:query('myapp_requests_total[5x]')
