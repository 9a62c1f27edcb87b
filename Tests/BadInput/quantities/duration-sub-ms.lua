-- expect: bad option 'duration' in cluster:run (duration "1.5ms" has a part finer than a millisecond; the simulation clock counts whole milliseconds)
local c = fresh()
c:run{ duration = "1.5ms" }
