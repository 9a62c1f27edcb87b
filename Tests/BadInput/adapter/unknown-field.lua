-- expect: prometheus:adapter: unable to parse metrics discovery config: line 2: rules[0].seriesQuerry: field seriesQuerry not found in type config.DiscoveryRule (known fields: labelValueReplacements, metricsQuery, name, resources, seriesFilters, seriesQuery)
local c, w, prom = fresh()
prom:adapter(BADINPUT .. "/data/adapter-unknown-field.yaml")
