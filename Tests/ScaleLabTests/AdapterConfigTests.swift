import Testing

@testable import ScaleLab

/// The acceptance script's adapter.yaml (issue 4), prometheus-adapter's own format: the
/// seed's rule, kept once in `SeedScenario`.
let acceptanceAdapterYAML = SeedScenario.adapterYAML

/// prometheus-adapter's config walkthrough rules (docs/config.md), all three sections.
let walkthroughYAML = """
    rules:
    - seriesQuery: '{__name__=~"^container_.*",container!="POD",namespace!="",pod!=""}'
      seriesFilters: []
      resources:
        overrides:
          namespace: {resource: "namespace"}
          pod: {resource: "pod"}
      name:
        matches: ^container_(.*)_seconds_total$
      metricsQuery: sum(rate(<<.Series>>{<<.LabelMatchers>>,container!="POD"}[5m])) by (<<.GroupBy>>)
    - seriesQuery: '{namespace!="",__name__!~"^container_.*"}'
      seriesFilters:
      - isNot: .*_total$
      resources:
        template: <<.Resource>>
      name:
        matches: ""
        as: ""
      metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)
    resourceRules:
      cpu:
        containerQuery: sum(rate(container_cpu_usage_seconds_total{<<.LabelMatchers>>}[1m])) by (<<.GroupBy>>)
        nodeQuery: sum(rate(container_cpu_usage_seconds_total{<<.LabelMatchers>>, id='/'}[1m])) by (<<.GroupBy>>)
        resources:
          overrides:
            instance: {resource: "node"}
            namespace: {resource: "namespace"}
            pod: {resource: "pod"}
        containerLabel: container
      window: 1m
    externalRules:
    - seriesQuery: '{__name__=~"^.*_queue_(length|size)$",namespace!=""}'
      resources:
        overrides:
          namespace: {resource: namespace}
      name:
        matches: ^.*_queue_(length|size)$
        as: "$0"
      metricsQuery: max(<<.Series>>{<<.LabelMatchers>>})
      labelValueReplacements:
      - find: "#"
        replace: "_"
    """

@Test func acceptanceAdapterConfigLoadsAndExpands() throws {
    let config = try AdapterConfig.load(yaml: acceptanceAdapterYAML)
    #expect(config.rules.count == 1)
    #expect(config.externalRules.isEmpty && config.resourceRules == nil)
    let rule = try AdapterRule(config.rules[0])
    #expect(try rule.metricName(forSeries: "myapp_requests_total") == "myapp_requests_per_second")
    #expect(rule.acceptsSeries(named: "myapp_requests_total"))
    #expect(!rule.acceptsSeries(named: "myapp_requests"))
    #expect(try rule.label(for: GroupResource(resource: "pods")) == "pod")
    let resources = rule.resources(forLabels: ["__name__", "namespace", "pod", "instance"])
    #expect(resources.resources == [GroupResource(resource: "namespaces"),
                                     GroupResource(resource: "pods")])
    #expect(resources.namespaced)
    let one = try rule.query(forSeries: "myapp_requests_total",
                             resource: GroupResource(resource: "pods"), namespace: "default",
                             names: ["myapp-1"])
    #expect(one == #"sum(rate(myapp_requests_total{namespace="default",pod="myapp-1"}[2m])) by (pod)"#)
    let two = try rule.query(
        forSeries: "myapp_requests_total", resource: GroupResource(resource: "pod"),
        namespace: "default",
        selector: [AdapterSelectorRequirement(key: "app", op: .equals, values: ["myapp"])],
        names: ["myapp-1", "myapp-2"])
    #expect(two == #"sum(rate(myapp_requests_total{app="myapp",namespace="default",pod=~"myapp-1|myapp-2"}[2m])) by (pod)"#)
    // The expansion is valid PromQL for the engine.
    _ = try PromQLEngine.parse(two)
}

@Test func walkthroughConfigLoadsEverySection() throws {
    let config = try AdapterConfig.load(yaml: walkthroughYAML)
    #expect(config.rules.count == 2)
    #expect(config.rules[1].seriesFilters == [RegexFilter(isNot: ".*_total$")])
    #expect(config.resourceRules?.window == 60_000)
    #expect(config.resourceRules?.cpu.containerLabel == "container")
    #expect(config.resourceRules?.cpu.resources.overrides["instance"]
        == GroupResource(resource: "node"))
    #expect(config.externalRules[0].labelValueReplacements
        == [LabelValueReplacement(find: "#", replace: "_")])
    let rules = try AdapterRule.compile(config.rules)
    // One capture group and no `as`: `$1`.
    #expect(rules[0].nameAs == "$1")
    #expect(try rules[0].metricName(forSeries: "container_cpu_usage_seconds_total") == "cpu_usage")
    // No `matches`: `.*` and `$0`; the isNot filter drops counters.
    #expect(rules[1].nameAs == "$0")
    #expect(try rules[1].metricName(forSeries: "queue_depth") == "queue_depth")
    #expect(!rules[1].acceptsSeries(named: "http_requests_total"))
    // Template `<<.Resource>>`: labels naming resources map to them; others are skipped.
    let found = rules[1].resources(forLabels: ["deployment", "container", "namespace"])
    #expect(found.resources == [GroupResource(group: "apps", resource: "deployments"),
                                GroupResource(resource: "namespaces")])
    #expect(try rules[1].label(for: GroupResource(group: "apps", resource: "deployments"))
        == "deployment")
    let q = try rules[1].query(
        forSeries: "queue_depth", resource: GroupResource(group: "apps", resource: "deployments"),
        namespace: "prod", names: ["web"])
    #expect(q == #"sum(queue_depth{namespace="prod",deployment="web"}) by (deployment)"#)
    let external = try AdapterRule(config.externalRules[0])
    let eq = try external.externalQuery(
        forSeries: "work_queue_length", namespace: "prod",
        selector: [AdapterSelectorRequirement(key: "queue", op: .in, values: ["b", "a"])])
    #expect(eq == #"max(work_queue_length{queue=~"a|b",namespace="prod"})"#)
}

@Test(arguments: [
    ("rules:\n- seriesQuerry: 'x'\n",
     "unable to parse metrics discovery config: line 2: rules[0].seriesQuerry: field "
        + "seriesQuerry not found in type config.DiscoveryRule (known fields: "
        + "labelValueReplacements, metricsQuery, name, resources, seriesFilters, seriesQuery)"),
    ("rules: 5\n", "unable to parse metrics discovery config: line 1: rules: expected a list"),
    ("resourceRules:\n  window: 5q\n",
     "unable to parse metrics discovery config: resourceRules.window: not a valid duration "
        + "string: \"5q\""),
])
func badAdapterConfigsSayWhatAndWhere(yaml: String, message: String) {
    #expect(throws: AdapterConfigError(message)) { try AdapterConfig.load(yaml: yaml) }
}

@Test func duplicateKeysAreRejected() {
    do {
        _ = try AdapterConfig.load(yaml: "rules:\n- name:\n    matches: a\n    matches: b\n")
        Issue.record("expected an error")
    } catch {
        #expect(error.description.contains("duplicated key"))
        #expect(error.description.contains("matches"))
    }
}

@Test func ruleCompileErrorsUseTheAdaptersWording() throws {
    var rule = DiscoveryRule()
    rule.seriesQuery = "x"
    rule.name = NameMapping(matches: "^(a)(b)$")
    #expect(throws: AdapterConfigError(
        "must specify an 'as' value for name matcher \"^(a)(b)$\" associated with series query "
            + "\"x\"")) { try AdapterRule(rule) }
    rule.name = NameMapping()
    rule.seriesFilters = [RegexFilter(is: "a", isNot: "b")]
    #expect(throws: AdapterConfigError.self) { try AdapterRule(rule) }
    rule.seriesFilters = []
    rule.metricsQuery = "sum(<<.Series>>{<<.LabelMatchers>>) by (<<range .GroupBySlice>>)"
    #expect(throws: AdapterConfigError.self) { try AdapterRule(rule) }
    rule.metricsQuery = "sum(<<.Series>>)"
    let compiled = try AdapterRule(rule)
    // No template and no override for pods: no label for the resource.
    #expect(throws: AdapterConfigError.self) {
        try compiled.query(forSeries: "x", resource: GroupResource(resource: "pods"),
                           namespace: "", names: ["a"])
    }
}

@Test func goExpandSemantics() throws {
    let re = try Regexp("^(?P<base>.*)_(total)$")
    #expect(re.expand("${1}_per_second", in: "reqs_total") == "reqs_per_second")
    #expect(re.expand("$1_per_second", in: "reqs_total") == "")  // $1_per_second is one name
    #expect(re.expand("$base/$2/$$", in: "reqs_total") == "reqs/total/$")
    #expect(re.expand("a", in: "nope") == nil)
}

@Test func adapterOptionsDefaults() throws {
    #expect(try AdapterOptions().effectiveMaxAge() == 600_000)
    #expect(throws: AdapterConfigError.self) {
        try AdapterOptions(metricsRelistInterval: 60_000, metricsMaxAge: 30_000).effectiveMaxAge()
    }
}

@Test func acceptanceRuleQueryEvaluatesPerPodRates() throws {
    let rule = try AdapterRule(AdapterConfig.load(yaml: acceptanceAdapterYAML).rules[0])
    var store = TimeSeriesStore(retention: 10 * 60_000)
    // Two pods share 10 requests/s; Prometheus scrapes every 15s for 10 minutes.
    for pod in ["myapp-1", "myapp-2"] {
        let id = store.seriesID(for: Labels(
            metric: "myapp_requests_total", ["namespace": "default", "pod": pod, "app": "myapp"]))
        for step in 0...40 { try store.append(id, time: Int64(step) * 15_000, value: Double(step) * 75) }
    }
    let query = try rule.query(
        forSeries: "myapp_requests_total", resource: GroupResource(resource: "pods"),
        namespace: "default",
        selector: [AdapterSelectorRequirement(key: "app", op: .equals, values: ["myapp"])],
        names: ["myapp-1", "myapp-2"])
    let result = try PreparedQuery(query).evaluate(at: 600_000, store: store).vector ?? []
    #expect(result.count == 2)
    for sample in result {
        #expect(abs(sample.value - 5) < 1e-9)
        #expect(sample.labels.dictionary.keys.sorted() == ["pod"])
    }
}
