import LuaKit
import Testing

/// A cluster with myapp (1 replica) and the seed's HPA applied from YAML text.
private let seedScenario = """
    local c = cluster.new{ provider = "gke", seed = 1 }
    c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
    local app = c:deploy{ name = "myapp", replicas = 1,
                          requests = { cpu = "100m", memory = "64Mi" } }
    local h = c:apply([[
    apiVersion: autoscaling/v2beta2
    kind: HorizontalPodAutoscaler
    metadata:
      name: myhpa
    spec:
      scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: myapp }
      minReplicas: 1
      maxReplicas: 10
      metrics:
        - type: Pods
          pods:
            metric: { name: myapp_requests_per_second }
            target: { type: AverageValue, averageValue: 2 }
    ]])

    """

@Test func specMirrorsTheYAML() throws {
    let r = try LuaHarness.run(seedScenario + """
        local m = h.spec.metrics[1]
        return h.spec.scaleTargetRef.kind, h.spec.scaleTargetRef.name, m.type,
          m.pods.metric.name, m.pods.target.type, m.pods.target.averageValue, h.spec.behavior,
          h.name, h.namespace
        """)
    #expect(r == ["Deployment", "myapp", "Pods", "myapp_requests_per_second", "AverageValue", 2,
                  .nil, "myhpa", "default"])
}

@Test func statusIsAPlainTableWithKubernetesConditions() throws {
    let r = try LuaHarness.run(seedScenario + """
        c:run{ duration = "1m" }
        local s = h:status()
        local types = {}
        for _, cond in ipairs(s.conditions) do
          types[#types + 1] = cond.type .. "=" .. cond.status
        end
        return s.currentReplicas, s.desiredReplicas, s.lastScaleTime, #s.currentMetrics,
          table.concat(types, ","), s.conditions[2].reason, s.conditions[2].lastTransitionTime
        """)
    #expect(r == [1, 0, .nil, 1, "AbleToScale=True,ScalingActive=False", "FailedGetPodsMetric",
                  0])
}

@Test func tostringIsKubectlGetHPA() throws {
    let r = try LuaHarness.run(seedScenario + """
        c:run{ duration = "90s" }
        return tostring(h)
        """)
    #expect(r == ["""
        NAME    REFERENCE          TARGETS       MINPODS   MAXPODS   REPLICAS   AGE
        myhpa   Deployment/myapp   <unknown>/2   1         10        1          90s
        """])
}

@Test func autoscaleWithCPUScalesToMinAndRecordsEvents() throws {
    let r = try LuaHarness.run("""
        local c = cluster.new{ provider = "gke", seed = 1 }
        c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
        local app = c:deploy{ name = "web", replicas = 1, requests = { cpu = "100m" } }
        local h = c:autoscale{ target = app, min = 3, max = 6, cpu = 50 }
        c:run{ duration = "30s" }
        local ev = h:events()
        return h.name, h.spec.metrics[1].resource.target.averageUtilization, app.replicas,
          ev[1].reason, ev[1].message, h:status().lastScaleTime
        """)
    #expect(r == ["web", 50, 3, "SuccessfulRescale",
                  "New size: 3; reason: Current number of replicas below Spec.MinReplicas", 0])
}

@Test func autoscaleTakesV2MetricsAndBehaviorTables() throws {
    let r = try LuaHarness.run("""
        local c = cluster.new{}
        c:deploy{ name = "web", replicas = 1 }
        local h = c:autoscale{ target = "web", max = 10, metrics = {
            { type = "Pods", pods = { metric = { name = "rps" },
              target = { type = "AverageValue", averageValue = "500m" } } } },
          behavior = { scaleDown = { stabilizationWindowSeconds = 60 } } }
        local down = h.spec.behavior.scaleDown
        return h.spec.metrics[1].pods.target.averageValue, down.stabilizationWindowSeconds,
          down.policies[1].type, down.policies[1].value, h.spec.behavior.scaleUp.selectPolicy
        """)
    #expect(r == [0.5, 60, "Percent", 100, "Max"])
}

@Test(arguments: [
    ("hpa.new{ metadata = { name = 'x' }, spec = { scaleTargetRef = { kind = 'Deployment', "
        + "name = 'a' }, maxReplicas = 0 } }",
     "hpa.new: The HorizontalPodAutoscaler \"x\" is invalid: \n"
        + "* spec.maxReplicas: Invalid value: 0: must be greater than 0\n"
        + "* spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`"),
    ("hpa.new{ metadata = { name = 'x' }, spec = { scaleTargetRef = { kind = 'Deployment', "
        + "name = 'a' }, maxReplicas = 3, minReplica = 1 } }",
     "hpa.new: spec.minReplica: unknown field \"minReplica\""),
    ("hpa.new{ metadata = { name = 'x' }, spec = { scaleTargetRef = { kind = 'Deployment', "
        + "name = 'a' }, maxReplicas = '3' } }",
     "hpa.new: spec.maxReplicas: expected an integer (int32), got \"3\""),
    ("local c = cluster.new{}; c:autoscale{ target = 'nope', max = 3 }",
     "cluster:autoscale: Error from server (NotFound): deployments.apps \"nope\" not found"),
    ("local c = cluster.new{}; c:deploy{ name = 'a' }; c:autoscale{ target = 'a' }",
     "bad option 'max' in cluster:autoscale (required)"),
    ("local c = cluster.new{}; c:deploy{ name = 'a' }; c:autoscale{ target = 'a', max = 3, "
        + "metrics = { { type = 'Pods', pods = { metric = { name = 'r' }, target = { "
        + "type = 'AverageValue' } } } } }",
     "spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target"),
    ("local c = cluster.new{}; c:apply('apiVersion: v1\\nkind: Service\\nmetadata: {name: s}')",
     "cluster:apply: <yaml>: object 1 has kind \"Service\", which cannot be applied here "
        + "(supported kinds: HorizontalPodAutoscaler)"),
    ("local c = cluster.new{ hpa = { sync_period = '0s' } }",
     "bad option 'sync_period' in cluster.new hpa (must be > 0, got 0s)"),
    ("local c = cluster.new{ hpa = { sync_perod = '10s' } }",
     "unknown option 'sync_perod' in cluster.new hpa (did you mean 'sync_period'?)"),
])
func badHPAInputsRaiseWithFieldPaths(code: String, message: String) throws {
    let error = try LuaHarness.error(code)
    #expect(error?.contains(message) == true, "got: \(error ?? "no error")")
}

@Test func newThenApplyCreatesTheHPAInTheCluster() throws {
    let r = try LuaHarness.run("""
        local c = cluster.new{ hpa = { sync_period = "30s", tolerance = 0.2 } }
        c:deploy{ name = "web", replicas = 1, requests = { cpu = "100m" } }
        local proto = hpa.new{ metadata = { name = "web" }, spec = {
          scaleTargetRef = { kind = "Deployment", name = "web" },
          minReplicas = 2, maxReplicas = 4 } }
        local before = tostring(proto)
        local h = c:apply(proto)
        local flags = c:hpa_controller()
        c:run{ duration = "1s" }
        local again, err = c:hpa("web")
        local missing, notFound = c:hpa("nope")
        local deleted = h:delete()
        local gone, goneErr = h:status()
        return before:match("<unknown>$") ~= nil, flags.sync_period, flags.tolerance,
          again == h, missing, notFound, deleted, gone, goneErr, #c:hpas()
        """)
    let notFound = "Error from server (NotFound): horizontalpodautoscalers.autoscaling "
    #expect(r == [true, 30, 0.2, true, .nil, .string(notFound + "\"nope\" not found"), true,
                  .nil, .string(notFound + "\"web\" not found"), 0])
}

@Test func applyOfSeveralDocumentsReturnsAList() throws {
    let r = try LuaHarness.run("""
        local c = cluster.new{}
        c:deploy{ name = "a" }
        c:deploy{ name = "b" }
        local list = c:apply([[
        apiVersion: autoscaling/v1
        kind: HorizontalPodAutoscaler
        metadata: { name: a }
        spec: { scaleTargetRef: { kind: Deployment, name: a }, maxReplicas: 3,
                targetCPUUtilizationPercentage: 70 }
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: { name: b }
        spec: { scaleTargetRef: { kind: Deployment, name: b }, maxReplicas: 5 }
        ]])
        return #list, list[1].name, list[2].name,
          list[1].spec.metrics[1].resource.target.averageUtilization,
          list[2].spec.metrics[1].resource.target.averageUtilization
        """)
    #expect(r == [2, "a", "b", 70, 80])
}

@Test func explainShowsTheLastReconcile() throws {
    let r = try LuaHarness.run(seedScenario + """
        local before = h:explain()
        c:run{ duration = "15s" }
        return before, h:explain()
        """)
    #expect(r.first == "no reconcile of default/myhpa yet")
    guard case .string(let text) = r.last else {
        Issue.record("explain returned \(r)")
        return
    }
    #expect(text.contains("metric 1: Pods"))
    #expect(text.contains("no custom metrics API (custom.metrics.k8s.io) registered"))
}
