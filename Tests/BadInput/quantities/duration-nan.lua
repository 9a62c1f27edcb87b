-- expect: bad option 'duration' in cluster:run (duration must be a finite number of seconds, got -nan)
local c = fresh()
c:run{ duration = 0/0 }
