-- expect: cluster:apply:
-- expect: data/tabs.yaml: invalid YAML: 10:1: error: scanner: while scanning a plain scalar in line 9, column 11
-- expect: found a tab character that violates indentation
local c = fresh()
c:apply(BADINPUT .. "/data/tabs.yaml")
