# Churn (issue 3): the placement cluster (150,000 pods on 5,000 nodes) advanced one simulated
# hour with pod churn and no autoscalers, limit 2 s; peak RSS of that process, limit 1 GiB.
bench_churn() {
  local out secs rss
  out=$("$SCALELAB_BENCH" churn)
  echo "$out"
  secs=$(echo "$out" | sed -n 's/^churn: .*: \([0-9.]*\) s (settle .*/\1/p')
  rss=$(echo "$out" | sed -n 's/^churn: peak RSS \([0-9]*\) MiB$/\1/p')
  check "churn hour seconds" "$secs" 2
  check "churn peak RSS MiB" "$rss" 1024
}
