# Start-up (issue 2): `scalelab -e ''` against `lua5.4 -e ''`, median wall time of 20 runs
# each; the ratio must be at most 5.
bench_startup() {
  local ours theirs ratio
  "$SCALELAB" -e '' >/dev/null  # warm the page cache
  ours=$(median_ms 20 "$SCALELAB" -e '')
  theirs=$(median_ms 20 lua5.4 -e '')
  ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')
  echo "startup: scalelab -e '' ${ours} ms, lua5.4 -e '' ${theirs} ms (median of 20)," \
    "ratio ${ratio}"
  check "startup ratio" "$ratio" 5
}
