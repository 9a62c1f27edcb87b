-- expect: cluster:apply:
-- expect: data/bad-metric.yaml: The HorizontalPodAutoscaler "web" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: -50: must be greater than 0
local c = fresh()
c:apply(BADINPUT .. "/data/bad-metric.yaml")
