-- expect: query "rate(myapp_requests_total)": 1:6: parse error: expected type range vector in call to function "rate", got instant vector
local c, w, prom = fresh()
prom:query("rate(myapp_requests_total)")
