-- expect: prometheus:adapter: template: resource-label: unclosed action in "<<.Resource"
local c, w, prom = fresh()
prom:adapter(BADINPUT .. "/data/adapter-bad-template.yaml")
