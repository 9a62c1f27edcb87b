-- expect: cluster:apply:
-- expect: data/negative-min.yaml: The HorizontalPodAutoscaler "web" is invalid: spec.minReplicas: Invalid value: -3: must be greater than or equal to 1
local c = fresh()
c:apply(BADINPUT .. "/data/negative-min.yaml")
