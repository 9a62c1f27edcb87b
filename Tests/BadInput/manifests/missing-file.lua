-- expect: cannot open /nonexistent/hpa.yaml: No such file or directory
local c = fresh()
assert(c:apply("/nonexistent/hpa.yaml"))
