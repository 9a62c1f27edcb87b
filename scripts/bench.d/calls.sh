# Call overhead (issue 2): a loop of 10,000,000 reads of a bound Swift property of a userdata
# (`w.replicas` on the workload userdata: the metatable's __index in C, the getter's box, the
# Swift closure, the integer pushed back) against the same loop calling `math.abs` (a C
# function), both in one scalelab process and timed with os.clock() so start-up is excluded;
# the ratio must be at most 3. Also shown, without a limit: a bound Swift function
# (`scalelab.version`, which allocates its result string).
bench_calls() {
  local out ours theirs fn ratio
  out=$("$SCALELAB" -e '
    local N = 10000000
    local c = cluster.new{}
    local w = c:deploy{ name = "web", replicas = 0 }
    local function time(f)
      local t0 = os.clock()
      for i = 1, N do f(i) end
      return (os.clock() - t0) * 1000
    end
    local function property() local t0 = os.clock()
      for i = 1, N do local r = w.replicas end
      return (os.clock() - t0) * 1000
    end
    local abs = math.abs
    time(abs); property()  -- warm up
    print(string.format("%.1f %.1f %.1f", property(), time(abs), time(scalelab.version)))')
  read -r ours theirs fn <<<"$out"
  ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')
  echo "calls: 10,000,000 reads of w.replicas (bound property of a userdata) ${ours} ms," \
    "calls of math.abs ${theirs} ms, ratio ${ratio}; calls of scalelab.version ${fn} ms"
  check "calls ratio" "$ratio" 3
}
