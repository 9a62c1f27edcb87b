-- expect: query "rate()": 1:1: parse error: expected 1 argument(s) in call to "rate", got 0
local c, w, prom = fresh()
prom:query("rate()")
