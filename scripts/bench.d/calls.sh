# Call overhead (issue 2 item 8): a loop of 10,000,000 calls of a bound Swift method of a
# userdata against the same loop calling `math.abs` (a C function), both in one scalelab
# process and timed with os.clock() so start-up is excluded; the ratio must be at most 3.
# The method is `t:rate(i)` of a traffic model (`load.ramp`): the VM finds the method in the
# type's method table, the C trampoline checks self's type tag, Swift reads the argument as a
# duration (seconds), interpolates the ramp and pushes a float — real, small work.
# Also shown, without a limit: a bound property read (`w.replicas` of a workload: __index in C,
# the getter, the integer pushed back) and a bound Swift function (`scalelab.version`, which
# allocates its result string).
bench_calls() {
  local out ours theirs prop fn ratio pratio
  out=$("$SCALELAB" -e '
    local N = 10000000
    local t = load.ramp(2, 40, 0, "10m")
    local c = cluster.new{}
    local w = c:deploy{ name = "web", replicas = 0 }
    local function time(f)
      local t0 = os.clock()
      for i = 1, N do f(i) end
      return (os.clock() - t0) * 1000
    end
    local function method() local t0 = os.clock()
      for i = 1, N do local r = t:rate(i) end
      return (os.clock() - t0) * 1000
    end
    local function property() local t0 = os.clock()
      for i = 1, N do local r = w.replicas end
      return (os.clock() - t0) * 1000
    end
    local abs = math.abs
    time(abs); method()  -- warm up
    print(string.format("%.1f %.1f %.1f %.1f", method(), time(abs), property(),
      time(scalelab.version)))')
  read -r ours theirs prop fn <<<"$out"
  ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')
  pratio=$(awk -v a="$prop" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')
  echo "calls: 10,000,000 calls of t:rate(i) (bound method of a userdata) ${ours} ms," \
    "calls of math.abs ${theirs} ms, ratio ${ratio}; reads of w.replicas (bound property)" \
    "${prop} ms (ratio ${pratio}); calls of scalelab.version ${fn} ms"
  check "calls ratio" "$ratio" 3
}
