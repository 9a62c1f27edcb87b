# Prometheus pipeline (issue 4 item 8): one simulated day (24 h) of 10,000 pod series scraped
# every 15s with the rule sum(rate(x[2m])) by (pod) every 15s, limit 3 s; peak RSS must stay
# flat as the simulated duration grows: the 7-day (168 h) run, in its own process, must peak
# at <= 1.2 x the 1-day run's RSS (and take <= 7 x 3 s).
bench_pipeline() {
  local day week secs secs7 rss1 rss7 limit
  day=$("$SCALELAB_BENCH" pipeline 24)
  echo "$day"
  secs=$(echo "$day" | sed -n 's/^pipeline: .*: \([0-9.]*\) s (.*/\1/p')
  check "pipeline 24 h seconds" "$secs" 3
  week=$("$SCALELAB_BENCH" pipeline 168)
  echo "$week"
  secs7=$(echo "$week" | sed -n 's/^pipeline: .*: \([0-9.]*\) s (.*/\1/p')
  check "pipeline 168 h seconds" "$secs7" 21
  rss1=$(echo "$day" | sed -n 's/^pipeline: peak RSS \([0-9]*\) MiB/\1/p')
  rss7=$(echo "$week" | sed -n 's/^pipeline: peak RSS \([0-9]*\) MiB/\1/p')
  limit=$(awk -v r="$rss1" 'BEGIN { printf "%.1f", r * 1.2 }')
  echo "pipeline peak RSS: 24 h $rss1 MiB, 168 h $rss7 MiB"
  check "pipeline 168 h peak RSS MiB" "$rss7" "$limit"
}
