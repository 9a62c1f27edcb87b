-- expect: prometheus:adapter: unable to parse metrics discovery config: resourceRules.window: not a valid duration string: "5q"
local c, w, prom = fresh()
prom:adapter(BADINPUT .. "/data/adapter-bad-window.yaml")
