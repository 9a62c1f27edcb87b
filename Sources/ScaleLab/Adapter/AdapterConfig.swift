import Foundation
import Yams

/// An error in a prometheus-adapter configuration: says what and where (field path, line).
public struct AdapterConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message.
    public let description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// prometheus-adapter's metrics discovery configuration (pkg/config/config.go
/// MetricsDiscoveryConfig), loaded strictly like `yaml.UnmarshalStrict` in pkg/config/loader.go:
/// an unknown field is an error.
public struct AdapterConfig: Sendable, Equatable {
    /// Rules for the custom metrics API (custom.metrics.k8s.io).
    public var rules: [DiscoveryRule] = []
    /// Rules for the external metrics API (external.metrics.k8s.io).
    public var externalRules: [DiscoveryRule] = []
    /// Rules for the resource metrics API (metrics.k8s.io), if any.
    public var resourceRules: ResourceRules?

    /// Creates an empty configuration.
    public init() {}

    /// Loads a configuration file (pkg/config/loader.go FromFile).
    public static func load(contentsOfFile path: String) throws(AdapterConfigError)
        -> AdapterConfig
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AdapterConfigError(
                "unable to load metrics discovery config file: open \(path): no such file or "
                    + "directory")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            // yaml.v2 refuses such input too ("yaml: invalid leading UTF-8 octet").
            throw AdapterConfigError("unable to parse metrics discovery config: \(path) is "
                + UTF8Validation.describe(Array(data)))
        }
        return try load(yaml: text)
    }

    /// Parses a configuration from YAML (pkg/config/loader.go FromYAML).
    public static func load(yaml: String) throws(AdapterConfigError) -> AdapterConfig {
        let root: Yams.Node?
        do {
            // The basic resolver: the fields are read by text and style (YAMLFields), so the
            // default resolver's seven regular expressions would only cost time.
            root = try Yams.compose(yaml: yaml, .basic)
        } catch {
            throw AdapterConfigError("unable to parse metrics discovery config: \(error)")
        }
        var config = AdapterConfig()
        guard let root, !root.isNull else { return config }
        do {
            let fields = try YAMLFields(root, path: "", type: "config.MetricsDiscoveryConfig",
                                        known: ["rules", "resourceRules", "externalRules"])
            config.rules = try fields.list("rules") { n, p throws(AdapterConfigError) in
                try DiscoveryRule(n, path: p)
            }
            config.externalRules = try fields.list("externalRules") {
                n, p throws(AdapterConfigError) in try DiscoveryRule(n, path: p)
            }
            if let node = fields["resourceRules"], !node.isNull {
                config.resourceRules = try ResourceRules(node, path: "resourceRules")
            }
        } catch {
            throw AdapterConfigError("unable to parse metrics discovery config: \(error)")
        }
        return config
    }
}

/// How to discover Prometheus series and map them to metrics API names and resources
/// (config.DiscoveryRule).
public struct DiscoveryRule: Sendable, Equatable {
    /// The Prometheus series selector listing the candidate series.
    public var seriesQuery = ""
    /// Extra regex filters on the series names.
    public var seriesFilters: [RegexFilter] = []
    /// How labels map to Kubernetes resources.
    public var resources = ResourceMapping()
    /// How series names map to API metric names.
    public var name = NameMapping()
    /// The query template (`<<.Series>>`, `<<.LabelMatchers>>`, `<<.GroupBy>>`).
    public var metricsQuery = ""
    /// Find/replace pairs applied to label values of external queries.
    public var labelValueReplacements: [LabelValueReplacement] = []

    /// Creates an empty rule.
    public init() {}

    init(_ node: Yams.Node, path: String) throws(AdapterConfigError) {
        let f = try YAMLFields(node, path: path, type: "config.DiscoveryRule", known: [
            "seriesQuery", "seriesFilters", "resources", "name", "metricsQuery",
            "labelValueReplacements",
        ])
        seriesQuery = try f.string("seriesQuery")
        seriesFilters = try f.list("seriesFilters") { n, p throws(AdapterConfigError) in
            let g = try YAMLFields(n, path: p, type: "config.RegexFilter", known: ["is", "isNot"])
            return RegexFilter(is: try g.string("is"), isNot: try g.string("isNot"))
        }
        if let n = f["resources"] { resources = try ResourceMapping(n, path: f.path("resources")) }
        if let n = f["name"] {
            let g = try YAMLFields(n, path: f.path("name"), type: "config.NameMapping",
                                   known: ["matches", "as"])
            name = NameMapping(matches: try g.string("matches"), as: try g.string("as"))
        }
        metricsQuery = try f.string("metricsQuery")
        labelValueReplacements = try f.list("labelValueReplacements") {
            n, p throws(AdapterConfigError) in
            let g = try YAMLFields(n, path: p, type: "config.LabelValueReplacement",
                                   known: ["find", "replace"])
            return LabelValueReplacement(find: try g.string("find"),
                                         replace: try g.string("replace"))
        }
    }
}

/// A regex that series names must match (`is`) or must not match (`isNot`).
public struct RegexFilter: Sendable, Equatable {
    /// The pattern names must match.
    public var `is` = ""
    /// The pattern names must not match.
    public var isNot = ""
    /// Creates a filter.
    public init(is: String = "", isNot: String = "") {
        self.is = `is`
        self.isNot = isNot
    }
}

/// A find/replace pair for label values.
public struct LabelValueReplacement: Sendable, Equatable {
    /// The text to find.
    public var find = ""
    /// Its replacement.
    public var replace = ""
}

/// A Kubernetes group-resource, such as `apps/deployments` (`group` "" is the core group).
public struct GroupResource: Sendable, Hashable, CustomStringConvertible {
    /// The API group.
    public var group: String
    /// The resource.
    public var resource: String
    /// Creates a group-resource.
    public init(group: String = "", resource: String) {
        self.group = group
        self.resource = resource
    }
    /// `resource.group` as schema.GroupResource.String prints it.
    public var description: String { group.isEmpty ? resource : "\(resource).\(group)" }
}

/// How labels map to resources: a template such as `<<.Resource>>` plus explicit overrides
/// from label name to group-resource (config.ResourceMapping).
public struct ResourceMapping: Sendable, Equatable {
    /// The label template, over `.Group` and `.Resource`.
    public var template = ""
    /// Label name → group-resource.
    public var overrides: [String: GroupResource] = [:]

    /// Creates a mapping.
    public init(template: String = "", overrides: [String: GroupResource] = [:]) {
        self.template = template
        self.overrides = overrides
    }

    init(_ node: Yams.Node, path: String) throws(AdapterConfigError) {
        let f = try YAMLFields(node, path: path, type: "config.ResourceMapping",
                               known: ["template", "overrides"])
        template = try f.string("template")
        if let o = f["overrides"], !o.isNull {
            let entries = try YAMLFields.entries(o, path: f.path("overrides"))
            for (label, value, p) in entries {
                let g = try YAMLFields(value, path: p, type: "config.GroupResource",
                                       known: ["group", "resource"])
                overrides[label] = GroupResource(group: try g.string("group"),
                                                 resource: try g.string("resource"))
            }
        }
    }
}

/// How series names become API metric names (config.NameMapping).
public struct NameMapping: Sendable, Equatable {
    /// The regex names must match (empty: `.*`).
    public var matches = ""
    /// The API name, with `$1`-style references to the captures of `matches`.
    public var `as` = ""
    /// Creates a mapping.
    public init(matches: String = "", as: String = "") {
        self.matches = matches
        self.as = `as`
    }
}

/// Queries for the resource metrics API (config.ResourceRules).
public struct ResourceRules: Sendable, Equatable {
    /// CPU queries.
    public var cpu = ResourceRule()
    /// Memory queries.
    public var memory = ResourceRule()
    /// The window the API reports, in milliseconds.
    public var window: Int64 = 0

    init(_ node: Yams.Node, path: String) throws(AdapterConfigError) {
        let f = try YAMLFields(node, path: path, type: "config.ResourceRules",
                               known: ["cpu", "memory", "window"])
        if let n = f["cpu"] { cpu = try ResourceRule(n, path: f.path("cpu")) }
        if let n = f["memory"] { memory = try ResourceRule(n, path: f.path("memory")) }
        let w = try f.string("window")
        if !w.isEmpty {
            guard let ms = parsePrometheusDuration(w) else {
                throw AdapterConfigError(
                    "\(f.path("window")): not a valid duration string: \(goQuote(w))")
            }
            window = ms
        }
    }
}

/// Container and node queries for one resource (config.ResourceRule).
public struct ResourceRule: Sendable, Equatable {
    /// The query for containers.
    public var containerQuery = ""
    /// The query for nodes.
    public var nodeQuery = ""
    /// How labels map to resources.
    public var resources = ResourceMapping()
    /// The label holding the container name.
    public var containerLabel = ""

    init() {}

    init(_ node: Yams.Node, path: String) throws(AdapterConfigError) {
        let f = try YAMLFields(node, path: path, type: "config.ResourceRule",
                               known: ["containerQuery", "nodeQuery", "resources",
                                       "containerLabel"])
        containerQuery = try f.string("containerQuery")
        nodeQuery = try f.string("nodeQuery")
        if let n = f["resources"] { resources = try ResourceMapping(n, path: f.path("resources")) }
        containerLabel = try f.string("containerLabel")
    }
}
