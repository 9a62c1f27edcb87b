-- expect: unknown option 'bogus' in sizing.compare (known: provider, network, max_pods, workload, daemonsets, options, hours_per_month, scoring, seed)
sizing.compare{ bogus = 1 }
