-- expect: cluster:apply:
-- expect: data/not-a-mapping.yaml:1:1: a manifest document must be a mapping (an object with apiVersion and kind)
local c = fresh()
c:apply(BADINPUT .. "/data/not-a-mapping.yaml")
