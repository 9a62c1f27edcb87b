-- expect: cluster:apply: the manifest text is not valid UTF-8 (byte 0xFF at line 4, column 9)
local c = fresh()
c:apply("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: \xff\n")
