-- expect: unknown option 'durations' in cluster:run (did you mean 'duration'?)
local c = fresh()
c:run{ durations = "5m" }
