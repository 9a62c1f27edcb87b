-- expect: cluster:apply:
-- expect: data/truncated.json: invalid YAML: 2:1: error: parser: while parsing a flow node in line 2, column 1
-- expect: did not find expected node content
local c = fresh()
c:apply(BADINPUT .. "/data/truncated.json")
