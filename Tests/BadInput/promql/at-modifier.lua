-- expect: query "x @ foo": 1:5: parse error: unexpected identifier "foo" in @, expected timestamp
local c, w, prom = fresh()
prom:query("x @ foo")
