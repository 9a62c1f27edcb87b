-- expect: bad option 'name' in cluster:deploy (string expected, got string not valid UTF-8 (byte 0xFF at line 1, column 1))
local c = fresh()
c:deploy{ name = "\xff", replicas = 1 }
