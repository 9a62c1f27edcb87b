-- expect: query "nosuchfn(myapp_requests_total)": 1:1: parse error: unknown function with name "nosuchfn"
local c, w, prom = fresh()
prom:query("nosuchfn(myapp_requests_total)")
