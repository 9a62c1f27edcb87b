-- expect: bad option 'duration' in cluster:run (time: invalid duration "9999999999h")
local c = fresh()
c:run{ duration = "9999999999h" }
