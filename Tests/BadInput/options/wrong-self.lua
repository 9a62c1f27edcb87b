-- expect: bad argument #1 to 'run' (scalelab.Cluster expected, got number)
local c = fresh()
c.run(5)
