-- expect: prometheus:adapter: unable to generate series name filter associated with series query "myapp_requests_total{namespace!=\"\",pod!=\"\"}": unable to compile series filter "^(.*_total$": error parsing regexp: missing closing ): `^(.*_total$`
local c, w, prom = fresh()
prom:adapter(BADINPUT .. "/data/adapter-bad-regex.yaml")
