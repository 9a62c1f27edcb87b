# HPA (issue 5 item 6), one simulated day each, metrics pipeline included:
# the seed's scenario (1 HPA, Prometheus every 15s, prometheus-adapter, diurnal traffic), limit
# 50 ms; 1,000 HPAs each over a 100-pod workload at the 15s sync period, limit 10 s, for the
# most common HPA: metrics-server and a cpu Utilization target (`cpu`). The same scale through
# Prometheus + prometheus-adapter (`custom`, a Pods metric) is printed for information.
bench_hpa() {
  local out ms secs
  out=$("$SCALELAB_BENCH" hpa-seed)
  echo "$out"
  ms=$(echo "$out" | sed -n 's/^hpa-seed: .* in \([0-9.]*\) ms (.*/\1/p')
  check "hpa-seed ms" "$ms" 50
  out=$("$SCALELAB_BENCH" hpa-scale 1000 100 24 cpu)
  echo "$out"
  secs=$(echo "$out" | sed -n 's/^hpa-scale: .* in \([0-9.]*\) s (.*/\1/p')
  check "hpa-scale seconds" "$secs" 10
  echo "information (no limit):"
  "$SCALELAB_BENCH" hpa-scale 1000 100 24 custom
}
