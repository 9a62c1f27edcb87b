-- expect: cluster:apply:
-- expect: data/truncated.yaml: invalid YAML: 7:1: error: parser: while parsing a flow sequence in line 6, column 44
-- expect: did not find expected ',' or ']'
local c = fresh()
c:apply(BADINPUT .. "/data/truncated.yaml")
