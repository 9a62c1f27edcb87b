# HPA (issue 5 item 6), one simulated day each, metrics pipeline included:
# the seed's scenario (1 HPA, Prometheus every 15s, prometheus-adapter, diurnal traffic), limit
# 50 ms; 1,000 HPAs each over a 100-pod workload at the 15s sync period, limit 10 s.
bench_hpa() {
  local out ms secs
  out=$("$SCALELAB_BENCH" hpa-seed)
  echo "$out"
  ms=$(echo "$out" | sed -n 's/^hpa-seed: .* in \([0-9.]*\) ms (.*/\1/p')
  check "hpa-seed ms" "$ms" 50
  out=$("$SCALELAB_BENCH" hpa-scale 1000 100 24 custom)
  echo "$out"
  secs=$(echo "$out" | sed -n 's/^hpa-scale: .* in \([0-9.]*\) s (.*/\1/p')
  check "hpa-scale seconds" "$secs" 10
}
