-- expect: cluster:apply: <yaml>: invalid YAML: 3:1: error: parser: while parsing a flow mapping in line 2, column 7
-- expect: did not find expected ',' or '}'
local c = fresh()
c:apply("kind: HorizontalPodAutoscaler\nspec: {maxReplicas: 5\n")
