# Placement (issue 3): 150,000 mixed pods onto 5,000 nodes in one scheduling pass, limit 1 s.
bench_placement() {
  local out secs
  out=$("$SCALELAB_BENCH" placement)
  echo "$out"
  secs=$(echo "$out" | sed -n 's/^placement: .* \([0-9.]*\) s (.*/\1/p')
  check "placement seconds" "$secs" 1
}
