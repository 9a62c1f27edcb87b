import ScaleLab

/// The prometheus-adapter config loader (`metrics.prometheus{ adapter = ... }`): YAML, rule
/// fields, Go regexes and templates. A config that loads is compiled into an adapter; each
/// rule then names a few series, maps labels to resources and builds its queries, which go
/// through the PromQL parser and are evaluated against the PromQL target's store.
enum AdapterConfigFuzz {
    static let seriesNames = ["myapp_requests_total", "http_requests_total", "node_load", ""]
    static let labelNames = ["namespace", "pod", "node", "kube_pod", "deployment", "job"]

    @Sendable static func run(_ bytes: [UInt8]) {
        guard let config = try? AdapterConfig.load(yaml: fuzzText(bytes)),
              let adapter = try? CustomMetricsAdapter(config: config) else { return }
        for rule in adapter.rules + adapter.externalRules {
            _ = rule.resources(forLabels: labelNames)
            for series in seriesNames {
                _ = rule.acceptsSeries(named: series)
                _ = try? rule.metricName(forSeries: series)
                let selector = [AdapterSelectorRequirement(key: "app", op: .equals,
                                                           values: ["myapp"])]
                let queries = [
                    try? rule.query(forSeries: series, resource: GroupResource(resource: "pods"),
                                    namespace: "default", names: ["myapp-1", "myapp-2"]),
                    try? rule.query(forSeries: series,
                                    resource: GroupResource(resource: "namespaces"),
                                    namespace: "", selector: selector, names: ["default"]),
                    try? rule.externalQuery(forSeries: series, namespace: "default",
                                            selector: selector),
                ]
                for case let query? in queries {
                    _ = try? PromQLEngine.instantQuery(query, at: 300_000,
                                                       store: PromQLFuzz.store)
                }
            }
        }
    }
}
