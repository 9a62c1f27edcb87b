-- expect: prometheus:adapter: unable to parse metrics discovery config:
-- expect: data/adapter-invalid-utf8.yaml is not valid UTF-8 (byte 0xFF at line 2, column 18)
local c, w, prom = fresh()
prom:adapter(BADINPUT .. "/data/adapter-invalid-utf8.yaml")
