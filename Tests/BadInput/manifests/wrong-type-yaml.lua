-- expect: cluster:apply:
-- expect: data/wrong-type.yaml:11:16: spec.maxReplicas: expected an integer (int32), got "ten"
local c = fresh()
c:apply(BADINPUT .. "/data/wrong-type.yaml")
