# Prometheus pipeline (issue 4 item 8): one simulated day of 10,000 pod series scraped every
# 15s with the rule sum(rate(x[2m])) by (pod) every 15s, limit 3 s; peak RSS must stay flat as
# the simulated duration grows: the 7-day run's peak RSS must be <= 1.2 x the 1-day run's.
bench_pipeline() {
  local day week secs rss1 rss7 limit
  day=$("$SCALELAB_BENCH" pipeline 1)
  echo "$day"
  secs=$(echo "$day" | sed -n 's/^pipeline: .*: \([0-9.]*\) s (.*/\1/p')
  check "pipeline 1-day seconds" "$secs" 3
  week=$("$SCALELAB_BENCH" pipeline 7)
  echo "$week"
  rss1=$(echo "$day" | sed -n 's/^pipeline: peak RSS \([0-9]*\) MiB/\1/p')
  rss7=$(echo "$week" | sed -n 's/^pipeline: peak RSS \([0-9]*\) MiB/\1/p')
  limit=$(awk -v r="$rss1" 'BEGIN { printf "%.1f", r * 1.2 }')
  echo "pipeline peak RSS: 1 day $rss1 MiB, 7 days $rss7 MiB"
  check "pipeline 7-day peak RSS MiB" "$rss7" "$limit"
}
