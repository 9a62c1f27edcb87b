-- expect: bad argument #1 to 'deploy' (table expected, got number)
local c = fresh()
c:deploy(5)
