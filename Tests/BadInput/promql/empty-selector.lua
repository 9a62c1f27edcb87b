-- expect: query "{}": 1:1: parse error: vector selector must contain at least one non-empty matcher
local c, w, prom = fresh()
prom:query("{}")
