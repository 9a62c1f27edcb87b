-- expect: query "label_replace(up, "a", "b", "c", "(")": invalid regular expression in label_replace(): (
local c, w, prom = fresh()
prom:query('label_replace(up, "a", "b", "c", "(")')
