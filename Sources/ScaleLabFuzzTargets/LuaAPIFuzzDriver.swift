/// The Lua side of ``LuaAPIFuzz``.
enum LuaAPIFuzzDriver {
    /// Called with (input bytes, scratch directory, is-text). Keys, strings and numbers are
    /// dictionaries of what the bindings accept and of classic bad values; option keys the
    /// bindings reject with "known: ..." are learned as the run goes.
    static let source = #"""
    local input, scratch, istext = ...
    local getmt = debug and debug.getmetatable or getmetatable
    local pcall, type, pairs, select, tostring = pcall, type, pairs, select, tostring
    local unpack, sort = table.unpack, table.sort
    print = function() end
    if io then io.write = function() end end

    -- Every c:export writes inside the scratch directory, whatever path it was given.
    do
      local ok, c = pcall(cluster.new, { provider = "gke" })
      local mt = ok and getmt(c)
      local methods = type(mt) == "table" and rawget(mt, "__methods")
      if type(methods) == "table" and methods.export then
        local export = methods.export
        methods.export = function(self, o, ...)
          if type(o) == "table" then
            local p = rawget(o, "path")
            local ext = type(p) == "string" and p:match("(%.%w+)$") or ""
            rawset(o, "path", scratch .. "/out" .. ext)
          elseif type(o) == "string" then
            o = scratch .. "/out" .. (o:match("(%.%w+)$") or "")
          end
          return export(self, o, ...)
        end
      end
    end

    if istext then
      -- What a script could use to touch the machine goes; the scalelab API stays.
      io, debug, dofile, loadfile = nil, nil, nil, nil
      os = { clock = os.clock, time = os.time, date = os.date, difftime = os.difftime }
      if package then package.loadlib, package.cpath, package.path = nil, "", "" end
      local f = load(input:sub(6), "=fuzz.lua", "t")
      if f then pcall(f) end
      return
    end

    local pos = 0
    local function byte()
      pos = pos + 1
      return input:byte(pos) or 0
    end
    local function pick(list) return list[byte() % #list + 1] end

    local keys = {
      "adapter", "anti_affinity", "behavior", "budget_per_month", "color", "constraints",
      "count", "cpu", "cpu_base", "cpu_initialization_period", "cpu_per_request", "custom",
      "daemonsets", "default_toleration", "downscale_stabilization", "duration",
      "ephemeral_storage", "expander", "expander_priorities", "external", "format", "from",
      "grace_period", "height", "hours_per_month", "hpa", "initial_readiness_delay", "jitter",
      "kernel_reserve", "kind", "labels", "latency", "limits", "lookback_delta", "markers",
      "max", "max_blast_radius_pct", "max_pods", "max_pods_per_node", "memory", "memory_base",
      "memory_per_request", "metrics", "metrics_max_age", "metrics_relist_interval", "min",
      "min_nodes_per_workload", "name", "namespace", "network", "node_monitor_grace_period",
      "node_ready_time", "node_selector", "options", "path", "pool", "priority", "provider",
      "providers", "provision_failure", "provision_time", "readiness", "record_pod_detail",
      "record_pod_events", "replicas", "requests", "resolution", "resource", "rps_capacity",
      "rules", "scan_interval", "scoring", "scrape_interval", "seed", "selector", "series",
      "shutdown", "spread", "startup", "step", "style", "sync_period", "taints", "target",
      "title", "to", "tolerance", "tolerations", "type", "types", "vm_memory_overhead",
      "width", "workload", "zones", "until", "rate", "at", "query", "value", "averageValue",
      "averageUtilization", "stabilizationWindowSeconds", "policies", "periodSeconds",
      "selectPolicy", "scaleUp", "scaleDown", "app", "node", "effect", "key", "operator",
    }
    local known = {}
    for _, k in ipairs(keys) do known[k] = true end
    local strings = {
      "", "web", "myapp", "default", "kube-system", "x", "100m", "250m", "1", "1.5", "-1",
      "64Mi", "1.5Gi", "1e3", "1E400", "9223372036854775807", "0.000000001", "1Ki", "1ki",
      " 1", "15s", "2m", "1h30m", "0s", "-5m", "500ms", "87600h", "1d", "1.5h", "abc",
      "n1-standard-4", "t2.medium", "m5.large", "Standard_D4s_v3", "eks", "gke", "aks", "none",
      "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "cpu", "memory", "pods",
      "Pods", "Resource", "External", "Object", "ContainerResource", "AverageValue", "Value",
      "Utilization", "Max", "Min", "Disabled", "NoSchedule", "NoExecute", "Exists", "Equal",
      "myapp_requests_total", "myapp_requests_per_second", "rate(myapp_requests_total[2m])",
      "sum(rate(myapp_requests_total{pod=~\"myapp.*\"}[2m])) by (pod)", "sum(", "up{",
      "most-pods", "least-waste", "random", "price", "priority", "ascii", "block", "braille",
      "csv", "json", "svg", "md", "html", "txt", "us-east1-b", "zone", "hostname",
      "\255\254\0", ("x"):rep(300), "nan", "inf", "-inf", "/nonexistent/hpa.yaml",
      "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\n"
        .. "spec:\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n"
        .. "    apiVersion: apps/v1\n  maxReplicas: 5\n",
      "kind: List\nitems:\n- kind: Pod\n", "{\"kind\": \"HorizontalPodAutoscaler\"}\n",
      "rules:\n- seriesQuery: 'up'\n  metricsQuery: '<<.Series>>'\n",
      "rules:\n- seriesQuery: 'x'\n  name: {matches: '(', as: ''}\n  metricsQuery: 'x'\n",
      "a: [\n",
    }
    local numbers = {
      0, 1, -1, 2, 3, 5, 10, 100, 0.5, -0.5, 1.5, 1e9, -1e9, 2^53, 2^63, 1e308,
      math.maxinteger, math.mininteger, math.huge, -math.huge, 0/0, 1e-9, 5000, 150000, 60,
      3600, 86400, 255, 65536, -0.0,
    }
    local pool = {}
    local function remember(v)
      local t = type(v)
      if (t == "userdata" or t == "table") and #pool < 48 then pool[#pool + 1] = v end
    end
    for _, name in ipairs{ "cluster", "catalog", "units", "hpa", "sizing", "load", "metrics",
                           "scalelab" } do
      if _G[name] ~= nil then remember(_G[name]) end
    end
    -- A running cluster, so methods meet pods, nodes, workloads and an HPA.
    do
      local ok, c = pcall(cluster.new, { provider = "gke", seed = 1 })
      if ok then
        remember(c)
        pcall(c.add_pool, c, { name = "default", type = "n1-standard-4", count = 2 })
        local okw, w = pcall(c.deploy, c, { name = "web", replicas = 2,
                                            requests = { cpu = "100m", memory = "64Mi" } })
        if okw then remember(w) end
        local okh, h = pcall(c.autoscale, c, { target = "web", min = 1, max = 5, cpu = 50 })
        if okh then remember(h) end
      end
    end

    local value
    local function options(depth)
      local t = {}
      for _ = 1, byte() % 5 do
        local k = byte() % 8 == 0 and value(depth + 1) or pick(keys)
        if k ~= nil and k == k then t[k] = value(depth + 1) end
      end
      return t
    end
    local function bytestring()
      local n = byte() % 12
      local b = {}
      for i = 1, n do b[i] = string.char(byte()) end
      return table.concat(b)
    end
    local functions = {
      function(...) return ... end,
      function() error("boom from a callback") end,
      function() return coroutine.yield(1) end,
      function() return {} end,
    }
    value = function(depth)
      local kind = byte() % (depth > 2 and 7 or 11)
      if kind == 0 then return nil
      elseif kind == 1 then return byte() % 2 == 0
      elseif kind == 2 then return pick(numbers)
      elseif kind == 3 then return byte() - 128 + 0.25 * (byte() % 4)
      elseif kind == 4 then return pick(strings)
      elseif kind == 5 then return bytestring()
      elseif kind == 6 then return #pool > 0 and pick(pool) or nil
      elseif kind == 7 then return options(depth)
      elseif kind == 8 then
        local t = {}
        for i = 1, byte() % 4 do t[i] = value(depth + 1) end
        return t
      elseif kind == 9 then return pick(functions)
      else return pick(strings) .. tostring(pick(numbers))
      end
    end

    -- Function and method names of a module table or a LuaKit userdata.
    local function callables(v)
      local names = {}
      if type(v) == "table" then
        for k, x in pairs(v) do
          if type(k) == "string" and (type(x) == "function" or type(x) == "table") then
            names[#names + 1] = k
          end
        end
      elseif type(v) == "userdata" then
        local mt = getmt(v)
        for _, field in ipairs{ "__methods", "__getters" } do
          local t = type(mt) == "table" and rawget(mt, field)
          if type(t) == "table" then
            for k in pairs(t) do names[#names + 1] = k end
          end
        end
      end
      sort(names)
      return names
    end

    local function learn(message)
      if type(message) ~= "string" then return end
      local list = message:match("known: ([%w_, ]+)%)")
      for k in (list or ""):gmatch("[%w_]+") do
        if not known[k] then known[k] = true keys[#keys + 1] = k end
      end
      local near = message:match("did you mean '([%w_]+)'")
      if near and not known[near] then known[near] = true keys[#keys + 1] = near end
    end

    for _ = 1, 48 do
      if pos >= #input then break end
      local target = pick(pool)
      local names = callables(target)
      if #names > 0 then
        local name = pick(names)
        local okf, f = pcall(function() return target[name] end)
        local mode = byte() % 8
        if okf and mode == 0 then
          remember(f)                                   -- a property read
        elseif okf and f ~= nil then
          local args, n = {}, byte() % 4
          for i = 1, n do args[i] = value(0) end
          local self = type(target) == "userdata" and target or nil
          if mode == 1 then self = value(0) end         -- a wrong self
          local r
          if self ~= nil then
            r = table.pack(pcall(f, self, unpack(args, 1, n)))
          else
            r = table.pack(pcall(f, unpack(args, 1, n)))
          end
          if r[1] then
            for i = 2, r.n do remember(r[i]) end
          else
            learn(r[2])
          end
        end
      end
      if byte() % 16 == 0 then pcall(tostring, target) end
    end
    """#
}
