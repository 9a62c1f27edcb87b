-- expect: cluster:apply:
-- expect: data/unknown-kind.yaml: object 1 has kind "Pod", which cannot be applied here (supported kinds: HorizontalPodAutoscaler)
local c = fresh()
c:apply(BADINPUT .. "/data/unknown-kind.yaml")
