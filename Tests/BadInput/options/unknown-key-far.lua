-- expect: unknown option 'zzz' in cluster:deploy (known: name, replicas, kind, namespace, startup, readiness, shutdown, grace_period, jitter, requests, limits, labels, node_selector, tolerations, anti_affinity, spread, priority, preemption_policy, rps_capacity, cpu_base, cpu_per_request, memory_base, memory_per_request, latency)
local c = fresh()
c:deploy{ name = "x", zzz = 1 }
