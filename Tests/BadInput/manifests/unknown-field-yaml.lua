-- expect: cluster:apply:
-- expect: data/unknown-field.yaml:10:15: spec.maxReplica: unknown field "maxReplica" (known fields: behavior, maxReplicas, metrics, minReplicas, scaleTargetRef)
local c = fresh()
c:apply(BADINPUT .. "/data/unknown-field.yaml")
