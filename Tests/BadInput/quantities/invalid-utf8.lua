-- expect: bad option 'cpu' in cluster:deploy requests (quantity (string or number) expected, got string not valid UTF-8 (byte 0xFF at line 1, column 2))
local c = fresh()
c:deploy{ name = "x", replicas = 1, requests = { cpu = "1\xff" } }
