-- expect: cluster:apply: spec.maxReplicas: expected an integer (int32), got "five"
local c = fresh()
c:apply{ apiVersion = "autoscaling/v2", kind = "HorizontalPodAutoscaler",
  metadata = { name = "web" }, spec = { maxReplicas = "five" } }
