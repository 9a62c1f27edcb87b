-- expect: cluster:apply:
-- expect: data/huge-max.yaml:10:16: spec.maxReplicas: expected an integer (int32), got "99999999999999999999"
local c = fresh()
c:apply(BADINPUT .. "/data/huge-max.yaml")
