// Reading HorizontalPodAutoscaler manifests: autoscaling/v1, v2beta2 and v2, YAML or JSON,
// multi-document and `kind: List`; then API defaulting and validation, as the API server does
// on create.

/// Loads HPAs from manifests.
public enum HPAManifest {
    /// The API versions accepted.
    public static let apiVersions = ["autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta2"]

    /// Every HPA in `text` (YAML or JSON), defaulted and validated. Objects of other kinds are
    /// an error (`c:apply` sends those to their own loaders).
    public static func load(yaml text: String, source: String = "<input>",
                            gates: HPAFeatureGates = HPAFeatureGates())
        throws(ManifestError) -> [HorizontalPodAutoscaler] {
        var result: [HorizontalPodAutoscaler] = []
        for object in try ManifestDocuments.objects(yaml: text, source: source) {
            result.append(try load(object: object, source: source, gates: gates))
        }
        return result
    }

    /// One HPA object: decoded, defaulted (`HPADefaults.apply`) and validated.
    public static func load(object: ManifestNode, source: String,
                            gates: HPAFeatureGates = HPAFeatureGates())
        throws(ManifestError) -> HorizontalPodAutoscaler {
        var hpa = try decode(object: object, source: source)
        HPADefaults.apply(to: &hpa.spec)
        let errors = HPAValidation.validate(hpa, gates: gates)
        if !errors.isEmpty {
            throw ManifestError("\(source): " + HPAValidation.describe(errors, name: hpa.name))
        }
        return hpa
    }

    /// Decodes an HPA object without defaulting or validation.
    public static func decode(object: ManifestNode, source: String) throws(ManifestError)
        -> HorizontalPodAutoscaler {
        let reader = ManifestFieldReader(source: source)
        let root = try reader.mapping(object, "")
        let apiVersion = try root["apiVersion"].map { node throws(ManifestError) in
            try reader.string(node, "apiVersion")
        } ?? ""
        let kind = try root["kind"].map { node throws(ManifestError) in
            try reader.string(node, "kind")
        } ?? ""
        guard kind == "HorizontalPodAutoscaler" else {
            throw reader.error(root["kind"] ?? root, "kind",
                               "expected HorizontalPodAutoscaler, got \"\(kind)\"")
        }
        guard apiVersions.contains(apiVersion) else {
            throw reader.error(root["apiVersion"] ?? root, "apiVersion",
                               "unsupported HorizontalPodAutoscaler version \"\(apiVersion)\""
                                + " (supported: \(apiVersions.joined(separator: ", ")))")
        }
        try reader.checkKeys(root, allowed: ["apiVersion", "kind", "metadata", "spec", "status"],
                             "")
        var name = ""
        var namespace = "default"
        if let metadata = root["metadata"] {
            let mapping = try reader.mapping(metadata, "metadata")
            if let node = mapping["name"] { name = try reader.string(node, "metadata.name") }
            if let node = mapping["namespace"], !node.isNull {
                namespace = try reader.string(node, "metadata.namespace")
            }
        }
        guard let specNode = root["spec"] else {
            throw reader.error(root, "spec", "Required value")
        }
        let decoder = HPASpecDecoder(reader: reader)
        let spec = apiVersion == "autoscaling/v1"
            ? try decoder.specV1(specNode) : try decoder.spec(specNode)
        return HorizontalPodAutoscaler(name: name, namespace: namespace, apiVersion: apiVersion,
                                       spec: spec)
    }
}

/// Decodes `spec` of the supported versions.
struct HPASpecDecoder {
    let reader: ManifestFieldReader

    private func optional<T>(_ node: ManifestNode?,
                             _ read: (ManifestNode) throws(ManifestError) -> T)
        throws(ManifestError) -> T? {
        guard let node, !node.isNull else { return nil }
        return try read(node)
    }

    private func reference(_ node: ManifestNode?, _ path: String) throws(ManifestError)
        -> CrossVersionObjectReference {
        guard let node, !node.isNull else { return CrossVersionObjectReference(kind: "", name: "") }
        let map = try reader.mapping(node, path)
        try reader.checkKeys(map, allowed: ["apiVersion", "kind", "name"], path)
        return CrossVersionObjectReference(
            kind: try optional(map["kind"]) { n throws(ManifestError) in
                try reader.string(n, "\(path).kind") } ?? "",
            name: try optional(map["name"]) { n throws(ManifestError) in
                try reader.string(n, "\(path).name") } ?? "",
            apiVersion: try optional(map["apiVersion"]) { n throws(ManifestError) in
                try reader.string(n, "\(path).apiVersion") })
    }

    /// autoscaling/v1: `targetCPUUtilizationPercentage` becomes a cpu Utilization metric.
    func specV1(_ node: ManifestNode) throws(ManifestError) -> HPASpec {
        let map = try reader.mapping(node, "spec")
        try reader.checkKeys(map, allowed: ["scaleTargetRef", "minReplicas", "maxReplicas",
                                            "targetCPUUtilizationPercentage"], "spec")
        var spec = try common(map)
        let field = "spec.targetCPUUtilizationPercentage"
        if let percent = try optional(map["targetCPUUtilizationPercentage"], {
            n throws(ManifestError) in try reader.int32(n, field) }) {
            spec.metrics = [MetricSpec(type: MetricSourceType.resource, resource:
                ResourceMetricSource(name: "cpu", target: MetricTarget(
                    type: MetricTargetType.utilization, averageUtilization: percent)))]
        }
        return spec
    }

    /// autoscaling/v2 and v2beta2.
    func spec(_ node: ManifestNode) throws(ManifestError) -> HPASpec {
        let map = try reader.mapping(node, "spec")
        try reader.checkKeys(map, allowed: ["scaleTargetRef", "minReplicas", "maxReplicas",
                                            "metrics", "behavior"], "spec")
        var spec = try common(map)
        if let metrics = map["metrics"] {
            for (index, item) in try reader.sequence(metrics, "spec.metrics").enumerated() {
                spec.metrics.append(try metric(item, "spec.metrics[\(index)]"))
            }
        }
        if let behavior = map["behavior"], !behavior.isNull {
            let bmap = try reader.mapping(behavior, "spec.behavior")
            try reader.checkKeys(bmap, allowed: ["scaleUp", "scaleDown"], "spec.behavior")
            spec.behavior = HPABehavior(
                scaleUp: try optional(bmap["scaleUp"]) { n throws(ManifestError) in
                    try rules(n, "spec.behavior.scaleUp") },
                scaleDown: try optional(bmap["scaleDown"]) { n throws(ManifestError) in
                    try rules(n, "spec.behavior.scaleDown") })
        }
        return spec
    }

    private func common(_ map: ManifestNode) throws(ManifestError) -> HPASpec {
        let ref = try reference(map["scaleTargetRef"], "spec.scaleTargetRef")
        let minReplicas = try optional(map["minReplicas"]) { n throws(ManifestError) in
            try reader.int32(n, "spec.minReplicas") }
        let maxReplicas = try optional(map["maxReplicas"]) { n throws(ManifestError) in
            try reader.int32(n, "spec.maxReplicas") } ?? 0
        return HPASpec(scaleTargetRef: ref, minReplicas: minReplicas, maxReplicas: maxReplicas)
    }

    func metric(_ node: ManifestNode, _ path: String) throws(ManifestError) -> MetricSpec {
        let map = try reader.mapping(node, path)
        try reader.checkKeys(map, allowed: ["type", "resource", "containerResource", "pods",
                                            "object", "external"], path)
        var spec = MetricSpec(type: try optional(map["type"]) { n throws(ManifestError) in
            try reader.string(n, "\(path).type") } ?? "")
        if let node = map["resource"], !node.isNull {
            let sub = try reader.mapping(node, "\(path).resource")
            try reader.checkKeys(sub, allowed: ["name", "target"], "\(path).resource")
            spec.resource = ResourceMetricSource(
                name: try name(sub, "\(path).resource"),
                target: try target(sub["target"], "\(path).resource.target"))
        }
        if let node = map["containerResource"], !node.isNull {
            let sub = try reader.mapping(node, "\(path).containerResource")
            try reader.checkKeys(sub, allowed: ["name", "container", "target"],
                                 "\(path).containerResource")
            spec.containerResource = ContainerResourceMetricSource(
                name: try name(sub, "\(path).containerResource"),
                container: try optional(sub["container"]) { n throws(ManifestError) in
                    try reader.string(n, "\(path).containerResource.container") } ?? "",
                target: try target(sub["target"], "\(path).containerResource.target"))
        }
        if let node = map["pods"], !node.isNull {
            let sub = try reader.mapping(node, "\(path).pods")
            try reader.checkKeys(sub, allowed: ["metric", "target"], "\(path).pods")
            spec.pods = PodsMetricSource(
                metric: try identifier(sub["metric"], "\(path).pods.metric"),
                target: try target(sub["target"], "\(path).pods.target"))
        }
        if let node = map["object"], !node.isNull {
            let sub = try reader.mapping(node, "\(path).object")
            try reader.checkKeys(sub, allowed: ["describedObject", "metric", "target"],
                                 "\(path).object")
            spec.object = ObjectMetricSource(
                describedObject: try reference(sub["describedObject"],
                                               "\(path).object.describedObject"),
                metric: try identifier(sub["metric"], "\(path).object.metric"),
                target: try target(sub["target"], "\(path).object.target"))
        }
        if let node = map["external"], !node.isNull {
            let sub = try reader.mapping(node, "\(path).external")
            try reader.checkKeys(sub, allowed: ["metric", "target"], "\(path).external")
            spec.external = ExternalMetricSource(
                metric: try identifier(sub["metric"], "\(path).external.metric"),
                target: try target(sub["target"], "\(path).external.target"))
        }
        return spec
    }

    private func name(_ map: ManifestNode, _ path: String) throws(ManifestError) -> String {
        try optional(map["name"]) { n throws(ManifestError) in
            try reader.string(n, "\(path).name") } ?? ""
    }

    private func target(_ node: ManifestNode?, _ path: String) throws(ManifestError)
        -> MetricTarget {
        guard let node, !node.isNull else { return MetricTarget(type: "") }
        let map = try reader.mapping(node, path)
        try reader.checkKeys(map, allowed: ["type", "value", "averageValue",
                                            "averageUtilization"], path)
        return MetricTarget(
            type: try optional(map["type"]) { n throws(ManifestError) in
                try reader.string(n, "\(path).type") } ?? "",
            value: try optional(map["value"]) { n throws(ManifestError) in
                try reader.quantity(n, "\(path).value") },
            averageValue: try optional(map["averageValue"]) { n throws(ManifestError) in
                try reader.quantity(n, "\(path).averageValue") },
            averageUtilization: try optional(map["averageUtilization"]) { n throws(ManifestError) in
                try reader.int32(n, "\(path).averageUtilization") })
    }

    private func identifier(_ node: ManifestNode?, _ path: String) throws(ManifestError)
        -> MetricIdentifier {
        guard let node, !node.isNull else { return MetricIdentifier(name: "") }
        let map = try reader.mapping(node, path)
        try reader.checkKeys(map, allowed: ["name", "selector"], path)
        return MetricIdentifier(name: try name(map, path),
                                selector: try optional(map["selector"]) { n throws(ManifestError) in
                                    try selector(n, "\(path).selector") })
    }

    private func selector(_ node: ManifestNode, _ path: String) throws(ManifestError)
        -> LabelSelector {
        let map = try reader.mapping(node, path)
        try reader.checkKeys(map, allowed: ["matchLabels", "matchExpressions"], path)
        var result = LabelSelector()
        if let labels = map["matchLabels"], !labels.isNull {
            for (key, value) in try reader.mapping(labels, "\(path).matchLabels").entries {
                result.matchLabels[key] = try reader.string(value, "\(path).matchLabels.\(key)")
            }
        }
        if let expressions = map["matchExpressions"] {
            for (index, item) in try reader.sequence(expressions, "\(path).matchExpressions")
                .enumerated() {
                let itemPath = "\(path).matchExpressions[\(index)]"
                let entry = try reader.mapping(item, itemPath)
                try reader.checkKeys(entry, allowed: ["key", "operator", "values"], itemPath)
                var values: [String] = []
                if let list = entry["values"] {
                    for value in try reader.sequence(list, "\(itemPath).values") {
                        values.append(try reader.string(value, "\(itemPath).values"))
                    }
                }
                result.matchExpressions.append(LabelSelectorRequirement(
                    key: try optional(entry["key"]) { n throws(ManifestError) in
                        try reader.string(n, "\(itemPath).key") } ?? "",
                    operator: try optional(entry["operator"]) { n throws(ManifestError) in
                        try reader.string(n, "\(itemPath).operator") } ?? "",
                    values: values))
            }
        }
        return result
    }

    func rules(_ node: ManifestNode, _ path: String) throws(ManifestError) -> HPAScalingRules {
        let map = try reader.mapping(node, path)
        try reader.checkKeys(map, allowed: ["stabilizationWindowSeconds", "selectPolicy",
                                            "policies", "tolerance"], path)
        var rules = HPAScalingRules(
            stabilizationWindowSeconds: try optional(map["stabilizationWindowSeconds"]) {
                n throws(ManifestError) in try reader.int32(n, "\(path).stabilizationWindowSeconds")
            },
            selectPolicy: try optional(map["selectPolicy"]) { n throws(ManifestError) in
                try reader.string(n, "\(path).selectPolicy") },
            tolerance: try optional(map["tolerance"]) { n throws(ManifestError) in
                try reader.quantity(n, "\(path).tolerance") })
        if let policies = map["policies"], !policies.isNull {
            var list: [HPAScalingPolicy] = []
            for (index, item) in try reader.sequence(policies, "\(path).policies").enumerated() {
                let itemPath = "\(path).policies[\(index)]"
                let entry = try reader.mapping(item, itemPath)
                try reader.checkKeys(entry, allowed: ["type", "value", "periodSeconds"], itemPath)
                list.append(HPAScalingPolicy(
                    type: try optional(entry["type"]) { n throws(ManifestError) in
                        try reader.string(n, "\(itemPath).type") } ?? "",
                    value: try optional(entry["value"]) { n throws(ManifestError) in
                        try reader.int32(n, "\(itemPath).value") } ?? 0,
                    periodSeconds: try optional(entry["periodSeconds"]) { n throws(ManifestError) in
                        try reader.int32(n, "\(itemPath).periodSeconds") } ?? 0))
            }
            rules.policies = list
        }
        return rules
    }
}
