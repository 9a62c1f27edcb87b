-- expect: unknown option 'metrics_relist' in prometheus:adapter (known: metrics_relist_interval, metrics_max_age)
local c, w, prom = fresh()
prom:adapter(BADINPUT .. "/../../examples/manifests/adapter.yaml", { metrics_relist = "1m" })
