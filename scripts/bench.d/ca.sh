# Cluster Autoscaler (issue 6 item 8): 1,000 nodes and 30,000 pods with the autoscaler at its
# defaults and diurnal churn (demand down to 40% and back, 20 pod deletions a minute) for one
# simulated day, limit 30 s; the line shows the scale-ups and scale-downs that happened.
bench_ca() {
  local out secs
  out=$("$SCALELAB_BENCH" ca)
  echo "$out"
  secs=$(echo "$out" | sed -n 's/^ca: .*: \([0-9.]*\) s (settle .*/\1/p')
  check "ca day seconds" "$secs" 30
}
