-- expect: cluster:apply:
-- expect: data/no-target.yaml: The HorizontalPodAutoscaler "web" is invalid:
-- expect: * spec.scaleTargetRef.kind: Required value
local c = fresh()
c:apply(BADINPUT .. "/data/no-target.yaml")
