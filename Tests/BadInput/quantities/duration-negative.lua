-- expect: bad argument #1 to 'run' (duration must not be negative, got -5m0s)
local c = fresh()
c:run{ duration = "-5m" }
