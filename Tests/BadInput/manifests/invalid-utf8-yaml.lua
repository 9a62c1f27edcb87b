-- expect: cluster:apply:
-- expect: data/invalid-utf8.yaml is not valid UTF-8 (byte 0xFF at line 4, column 12)
local c = fresh()
c:apply(BADINPUT .. "/data/invalid-utf8.yaml")
