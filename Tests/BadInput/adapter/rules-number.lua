-- expect: prometheus:adapter: unable to parse metrics discovery config: line 1: rules: expected a list
local c, w, prom = fresh()
prom:adapter(BADINPUT .. "/data/adapter-rules-number.yaml")
