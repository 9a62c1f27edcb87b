-- expect: prometheus:adapter: unable to load metrics discovery config file: open /nonexistent/adapter.yaml: no such file or directory
local c, w, prom = fresh()
prom:adapter("/nonexistent/adapter.yaml")
