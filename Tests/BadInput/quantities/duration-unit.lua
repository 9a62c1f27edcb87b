-- expect: bad option 'duration' in cluster:run (time: unknown unit "d" in duration "1d")
local c = fresh()
c:run{ duration = "1d" }
