/// One compiled adapter rule: prometheus-adapter's metricNamer with its resourceConverter
/// and metricsQuery (pkg/naming: metric_namer.go NamersFromConfig, resource_converter.go,
/// lbl_res.go, metrics_query.go).
public struct AdapterRule: Sendable {
    /// The rule as configured.
    public let rule: DiscoveryRule
    /// The `as` name template in effect (`$0` or `$1` when not given).
    public let nameAs: String
    private let seriesMatchers: [(regex: Regexp, positive: Bool)]
    private let nameMatches: Regexp
    private let labelTemplate: AdapterTemplate?
    private let labelExtractor: Regexp?
    private let resourceToLabel: [GroupResource: String]
    private let labelToResource: [String: GroupResource]
    private let metricsQuery: AdapterTemplate

    /// The namespaces resource, whose label scopes namespaced queries (NsGroupResource).
    public static let namespaces = GroupResource(resource: "namespaces")

    /// Compiles every rule of a configuration section, with prometheus-adapter's errors.
    public static func compile(_ rules: [DiscoveryRule]) throws(AdapterConfigError)
        -> [AdapterRule]
    {
        var out: [AdapterRule] = []
        for rule in rules { out.append(try AdapterRule(rule)) }
        return out
    }

    /// Compiles a rule (NamersFromConfig): resource mapping, query template, series filters
    /// (`name.matches` is appended as an `is` filter), and the default `as`.
    public init(_ rule: DiscoveryRule) throws(AdapterConfigError) {
        self.rule = rule
        let query = rule.seriesQuery
        // NewResourceConverter: template and/or overrides (normalized group-resources).
        if !rule.resources.template.isEmpty {
            let template = try AdapterTemplate(rule.resources.template, name: "resource-label")
            labelTemplate = template
            let pattern = try template.execute(
                ["Group": .string("(?<group>.+?)"), "Resource": .string("(?<resource>.+?)")],
                name: "resource-label")
            if pattern.isEmpty {
                throw AdapterConfigError(
                    "unable to generate label format from template "
                        + "\(goQuote(rule.resources.template)): empty template")
            }
            if !template.fields.contains("Resource") {
                throw AdapterConfigError(
                    "unable to generate label format from template "
                        + "\(goQuote(rule.resources.template)): must include at least "
                        + "`{{.Resource}}` in the label template")
            }
            do {
                labelExtractor = try Regexp("^" + pattern + "$")
            } catch {
                throw AdapterConfigError(error.description)
            }
        } else {
            labelTemplate = nil
            labelExtractor = nil
        }
        var toLabel: [GroupResource: String] = [:]
        var toResource: [String: GroupResource] = [:]
        for (label, gr) in rule.resources.overrides.sorted(by: { $0.key < $1.key }) {
            guard let normalized = KubernetesResources.normalize(gr) else {
                throw AdapterConfigError(
                    "unable to normalize group-resource \(gr): no matches for \(gr)")
            }
            toLabel[normalized] = label
            toResource[label] = normalized
        }
        resourceToLabel = toLabel
        labelToResource = toResource
        do {
            metricsQuery = try AdapterTemplate(rule.metricsQuery, name: "metrics-query")
        } catch {
            throw AdapterConfigError(
                "unable to construct metrics query associated with series query "
                    + "\(goQuote(query)): unable to parse metrics query template "
                    + "\(goQuote(rule.metricsQuery)): \(error)")
        }
        var matchers: [(Regexp, Bool)] = []
        for filter in rule.seriesFilters {
            matchers.append(try Self.reMatcher(filter, query: query))
        }
        if !rule.name.matches.isEmpty {
            matchers.append(try Self.reMatcher(RegexFilter(is: rule.name.matches), query: query))
        }
        seriesMatchers = matchers
        do {
            nameMatches = try Regexp(rule.name.matches.isEmpty ? ".*" : rule.name.matches)
        } catch {
            throw AdapterConfigError(
                "unable to compile series name match expression \(goQuote(rule.name.matches)) "
                    + "associated with series query \(goQuote(query)): \(error)")
        }
        if !rule.name.as.isEmpty {
            nameAs = rule.name.as
        } else if nameMatches.groupCount == 0 {
            nameAs = "$0"
        } else if nameMatches.groupCount == 1 {
            nameAs = "$1"
        } else {
            throw AdapterConfigError(
                "must specify an 'as' value for name matcher \(goQuote(rule.name.matches)) "
                    + "associated with series query \(goQuote(query))")
        }
    }

    /// config.RegexFilter → ReMatcher (exactly one of `is` and `isNot`).
    private static func reMatcher(_ filter: RegexFilter, query: String)
        throws(AdapterConfigError) -> (Regexp, Bool)
    {
        let prefix = "unable to generate series name filter associated with series query "
            + "\(goQuote(query)): "
        if !filter.is.isEmpty && !filter.isNot.isEmpty {
            throw AdapterConfigError(
                prefix + "cannot have both an `is` (\(goQuote(filter.is))) and `isNot` "
                    + "(\(goQuote(filter.isNot))) expression in a single filter")
        }
        if filter.is.isEmpty && filter.isNot.isEmpty {
            throw AdapterConfigError(
                prefix + "must have either an `is` or `isNot` expression in a filter")
        }
        let raw = filter.is.isEmpty ? filter.isNot : filter.is
        do {
            return (try Regexp(raw), !filter.is.isEmpty)
        } catch {
            throw AdapterConfigError(
                prefix + "unable to compile series filter \(goQuote(raw)): \(error)")
        }
    }

    /// Whether a series name passes every filter (metricNamer.FilterSeries).
    public func acceptsSeries(named name: String) -> Bool {
        seriesMatchers.allSatisfy { $0.regex.matches(name) == $0.positive }
    }

    /// The API metric name of a series (metricNamer.MetricNameForSeries).
    public func metricName(forSeries name: String) throws(AdapterConfigError) -> String {
        guard let out = nameMatches.expand(nameAs, in: name) else {
            throw AdapterConfigError(
                "series name \(goQuote(name)) did not match expected pattern "
                    + goQuote(nameMatches.source))
        }
        return out
    }

    /// The Prometheus label for a resource: an override, else the template over the sanitized
    /// group and singular resource (resourceConverter.LabelForResource).
    public func label(for resource: GroupResource) throws(AdapterConfigError) -> String {
        let normalized = KubernetesResources.normalize(resource) ?? resource
        if let label = resourceToLabel[normalized] { return label }
        guard let labelTemplate else {
            throw AdapterConfigError(
                "unable to convert resource \(resource) into label: no generic resource label "
                    + "form specified for this metric")
        }
        guard let singular = KubernetesResources.singular(normalized.resource) else {
            throw AdapterConfigError(
                "unable to convert resource \(resource) into label: unable to singularize "
                    + "resource \(resource)")
        }
        // GroupNameSanitizer: "." and "-" become "_".
        let group = normalized.group.replacingOccurrences(of: ".", with: "_")
            .replacingOccurrences(of: "-", with: "_")
        let label = try labelTemplate.execute(
            ["Group": .string(group), "Resource": .string(singular)], name: "resource-label")
        if label.isEmpty {
            throw AdapterConfigError(
                "unable to convert resource \(resource) into label: empty label produced by "
                    + "label template")
        }
        return label
    }

    /// The resources a series' labels name, and whether one is the namespace
    /// (resourceConverter.ResourcesForSeries).
    public func resources(forLabels names: [String]) -> (
        resources: [GroupResource], namespaced: Bool
    ) {
        var out: [GroupResource] = []
        var namespaced = false
        for name in names.sorted() {
            var found = labelToResource[name]
            if found == nil, let labelExtractor,
                let resource = labelExtractor.expand("${resource}", in: name),
                let group = labelExtractor.expand("${group}", in: name)
            {
                found = KubernetesResources.normalize(GroupResource(group: group, resource: resource))
            }
            guard let found else { continue }
            out.append(found)
            if found == Self.namespaces { namespaced = true }
        }
        return (out, namespaced)
    }

    /// Expands `metricsQuery` for a series and the named objects of a resource
    /// (metricsQuery.Build): the selector's requirements, the namespace, then
    /// `resource="name"` (or `=~"a|b"` for several names) become `.LabelMatchers`; the
    /// resource label is `.GroupBy`.
    public func query(
        forSeries series: String, resource: GroupResource, namespace: String,
        selector: [AdapterSelectorRequirement] = [], names: [String]
    ) throws(AdapterConfigError) -> String {
        let parts = try requirements(selector, namespace: namespace)
        var (exprs, valuesByName) = try Self.process(parts)
        let resourceLabel = try label(for: resource)
        let target = names.joined(separator: "|")
        exprs.append(resourceLabel + (names.count > 1 ? "=~" : "=") + goQuote(target))
        valuesByName[resourceLabel] = target
        return try execute(
            series: series, exprs: exprs, valuesByName: valuesByName, groupBy: [resourceLabel])
    }

    /// Expands `metricsQuery` for an external metric (metricsQuery.BuildExternal); label
    /// value replacements apply to `.LabelValuesByName`.
    public func externalQuery(
        forSeries series: String, namespace: String,
        selector: [AdapterSelectorRequirement] = []
    ) throws(AdapterConfigError) -> String {
        let parts = try requirements(selector, namespace: namespace)
        let (exprs, values) = try Self.process(parts)
        var valuesByName = values
        for replacement in rule.labelValueReplacements {
            for (key, value) in valuesByName {
                valuesByName[key] = value.replacingOccurrences(
                    of: replacement.find, with: replacement.replace)
            }
        }
        return try execute(series: series, exprs: exprs, valuesByName: valuesByName, groupBy: [])
    }

    /// The selector's requirements plus `namespace="ns"` when the query is namespaced.
    private func requirements(_ selector: [AdapterSelectorRequirement], namespace: String)
        throws(AdapterConfigError) -> [AdapterSelectorRequirement]
    {
        guard !namespace.isEmpty else { return selector }
        return selector + [AdapterSelectorRequirement(
            key: try label(for: Self.namespaces), op: .equals, values: [namespace])]
    }

    private func execute(
        series: String, exprs: [String], valuesByName: [String: String], groupBy: [String]
    ) throws(AdapterConfigError) -> String {
        let out = try metricsQuery.execute([
            "Series": .string(series), "LabelMatchers": .string(exprs.joined(separator: ",")),
            "LabelValuesByName": .map(valuesByName),
            "GroupBy": .string(groupBy.joined(separator: ",")), "GroupBySlice": .list(groupBy),
        ], name: "metrics-query")
        if out.isEmpty {
            throw AdapterConfigError("empty query produced by metrics query template")
        }
        return out
    }

    /// metricsQuery.processQueryParts: each requirement becomes one PromQL matcher.
    private static func process(_ parts: [AdapterSelectorRequirement])
        throws(AdapterConfigError) -> ([String], [String: String])
    {
        var exprs: [String] = []
        var valuesByName: [String: String] = [:]
        for part in parts {
            if part.key.isEmpty { throw AdapterConfigError("label not specified") }
            let values = part.values.sorted()
            let op: String
            let target: String
            switch (part.op, values.count) {
            case (.greaterThan, _), (.lessThan, _):
                throw AdapterConfigError("operator not supported by prometheus")
            case (.exists, 0): (op, target) = ("!=", "")
            case (.doesNotExist, 0): (op, target) = ("=", "")
            case (_, 0): throw AdapterConfigError("operator requires values")
            case (.exists, _), (.doesNotExist, _):
                throw AdapterConfigError("operator does not support values")
            case (.equals, 1): (op, target) = ("=", values[0])
            case (.notEquals, 1): (op, target) = ("!=", values[0])
            case (.in, 1): (op, target) = ("=~", values[0])
            case (.notIn, 1): (op, target) = ("!~", values[0])
            case (.equals, _), (.in, _): (op, target) = ("=~", values.joined(separator: "|"))
            case (.notEquals, _), (.notIn, _): (op, target) = ("!~", values.joined(separator: "|"))
            }
            exprs.append(part.key + op + goQuote(target))
            valuesByName[part.key] = values.joined(separator: "|")
        }
        return (exprs, valuesByName)
    }
}

/// One requirement of a Kubernetes label selector (labels.Requirement), as the HPA passes a
/// metric's selector to the adapter.
public struct AdapterSelectorRequirement: Sendable, Equatable {
    /// selection.Operator.
    public enum Operator: String, Sendable {
        case equals = "=", notEquals = "!=", `in` = "in", notIn = "notin"
        case exists = "exists", doesNotExist = "!", greaterThan = "gt", lessThan = "lt"
    }
    /// The label key.
    public var key: String
    /// The operator.
    public var op: Operator
    /// The values.
    public var values: [String]
    /// Creates a requirement.
    public init(key: String, op: Operator, values: [String] = []) {
        self.key = key
        self.op = op
        self.values = values
    }
}

/// prometheus-adapter's command-line timing options (cmd/adapter/adapter.go).
public struct AdapterOptions: Sendable, Equatable {
    /// --metrics-relist-interval: how often the adapter re-lists the available series;
    /// default 10m.
    public var metricsRelistInterval: Int64 = 10 * 60_000
    /// --metrics-max-age: the period the series listing covers; 0 means equal to the relist
    /// interval, and it must not be less than it.
    public var metricsMaxAge: Int64 = 0

    /// Creates the defaults.
    public init(metricsRelistInterval: Int64 = 10 * 60_000, metricsMaxAge: Int64 = 0) {
        self.metricsRelistInterval = metricsRelistInterval
        self.metricsMaxAge = metricsMaxAge
    }

    /// The max age in effect, checked like makeProvider.
    public func effectiveMaxAge() throws(AdapterConfigError) -> Int64 {
        let maxAge = metricsMaxAge == 0 ? metricsRelistInterval : metricsMaxAge
        if maxAge < metricsRelistInterval {
            throw AdapterConfigError("max age must not be less than relist interval")
        }
        return maxAge
    }
}
