-- expect: prometheus:adapter: unable to generate series name filter associated with series query "x": unable to compile series filter "[a-": error parsing regexp: missing closing ]: `[a-`
local c, w, prom = fresh()
prom:adapter(BADINPUT .. "/data/adapter-bad-filter.yaml")
