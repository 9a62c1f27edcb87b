# Call overhead (issue 2): a loop of 10,000,000 calls of a bound Swift function
# (`scalelab.version`, through LuaKit's C trampoline) against the same loop calling `math.abs`
# (a C function), both in one scalelab process and timed with os.clock() so start-up is
# excluded; the ratio must be at most 3.
bench_calls() {
  local out ours theirs ratio
  out=$("$SCALELAB" -e '
    local N = 10000000
    local function time(f)
      local t0 = os.clock()
      for i = 1, N do f(i) end
      return (os.clock() - t0) * 1000
    end
    local swift = scalelab.version
    local c = math.abs
    time(c); time(swift)  -- warm up
    print(string.format("%.1f %.1f", time(swift), time(c)))')
  ours=${out% *}
  theirs=${out#* }
  ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')
  echo "calls: 10,000,000 calls of scalelab.version ${ours} ms," \
    "of math.abs ${theirs} ms, ratio ${ratio}"
  check "calls ratio" "$ratio" 3
}
