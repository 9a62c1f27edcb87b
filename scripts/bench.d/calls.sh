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
  # Both loops have the same shape (the callee an upvalue, one argument, one result kept in a
  # local); five rounds of each, interleaved, and the medians compared (the VM's timing noise
  # on this machine is ±20% run to run).
  out=$("$SCALELAB" -e '
    local N = 10000000
    local t = load.ramp(2, 40, 0, "10m")
    local c = cluster.new{}
    local w = c:deploy{ name = "web", replicas = 0 }
    local abs, version = math.abs, scalelab.version
    local loops = {
      method = function() for i = 1, N do local r = t:rate(i) end end,
      abs = function() for i = 1, N do local r = abs(i) end end,
      property = function() for i = 1, N do local r = w.replicas end end,
      fn = function() for i = 1, N do local r = version(i) end end,
    }
    local order = { "method", "abs", "property", "fn" }
    local times = { method = {}, abs = {}, property = {}, fn = {} }
    loops.abs(); loops.method()  -- warm up
    for round = 1, 5 do
      for _, name in ipairs(order) do
        local t0 = os.clock()
        loops[name]()
        times[name][round] = (os.clock() - t0) * 1000
      end
    end
    local function median(xs) table.sort(xs); return xs[3] end
    print(string.format("%.1f %.1f %.1f %.1f", median(times.method), median(times.abs),
      median(times.property), median(times.fn)))')
  read -r ours theirs prop fn <<<"$out"
  ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')
  pratio=$(awk -v a="$prop" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')
  echo "calls: 10,000,000 calls of t:rate(i) (bound method of a userdata) ${ours} ms," \
    "calls of math.abs ${theirs} ms (medians of 5), ratio ${ratio}; reads of w.replicas" \
    "(bound property) ${prop} ms (ratio ${pratio}); calls of scalelab.version ${fn} ms"
  check "calls ratio" "$ratio" 3
}
