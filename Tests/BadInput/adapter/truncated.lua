-- expect: prometheus:adapter: unable to parse metrics discovery config: 3:1: error: scanner: while scanning a quoted scalar in line 2, column 16
-- expect: found unexpected end of stream
local c, w, prom = fresh()
prom:adapter(BADINPUT .. "/data/adapter-truncated.yaml")
