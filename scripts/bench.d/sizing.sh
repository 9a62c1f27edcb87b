# Sizing (issue 6 item 8): sizing.compare's engine function for a 1,000-pod mixed workload
# (5 Deployments, 2 DaemonSets) across every catalog type, each node count found by full
# scheduling and every report figure computed (blast-radius failure simulation included),
# limit 1 s.
bench_sizing() {
  local out secs
  out=$("$SCALELAB_BENCH" sizing)
  echo "$out"
  secs=$(echo "$out" | sed -n 's/^sizing: .*: \([0-9.]*\) s$/\1/p')
  check "sizing compare seconds" "$secs" 1
}
