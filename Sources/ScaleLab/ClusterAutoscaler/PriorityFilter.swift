// The priority expander: the user ranks node groups by regular expressions on their ids.
// Upstream: cluster-autoscaler/expander/priority/priority.go (priority.BestOptions,
// parsePrioritiesYAMLString) and expander/priority/readme.md. The configuration is the
// `priorities` key of the ConfigMap `cluster-autoscaler-priority-expander`.

import Foundation
import Yams

/// `priority`: keeps the options whose node group id matches a regular expression of the highest
/// priority; when no option matches any priority, no option is filtered out.
public struct PriorityFilter: ExpanderFilter {
    /// The ConfigMap the autoscaler reads the priorities from.
    public static let configMapName = "cluster-autoscaler-priority-expander"

    /// Compiled rules: each priority with its expressions.
    private let rules: [(priority: Int, expressions: [Regexp])]
    /// Receives the warnings the expander records as events on its ConfigMap
    /// (`PriorityConfigMapNotMatchedGroup`, `PriorityConfigMapNoGroupMatched`).
    public var onWarning: (@Sendable (_ reason: String, _ message: String) -> Void)?

    /// Creates the filter from priorities (higher wins) and their regular expressions.
    public init(priorities: [Int: [String]]) throws {
        var rules: [(priority: Int, expressions: [Regexp])] = []
        for priority in priorities.keys.sorted() {
            var expressions: [Regexp] = []
            for rule in priorities[priority] ?? [] {
                do {
                    expressions.append(try Regexp(rule))
                } catch {
                    throw ExpanderConfigError(description: "Can't compile regexp rule for "
                        + "priority \(priority) and rule \(rule): \(error)")
                }
            }
            rules.append((priority, expressions))
        }
        self.rules = rules
    }

    /// Creates the filter from the YAML text of the ConfigMap's `priorities` key, e.g.
    /// `10:\n  - .*-spot-.*\n50:\n  - .*-ondemand-.*`.
    public init(yaml: String) throws {
        if yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ExpanderConfigError(description: "priority configuration in "
                + "\(Self.configMapName) configmap is empty; please provide valid configuration")
        }
        let parsed: Any?
        do {
            parsed = try Yams.load(yaml: yaml)
        } catch {
            throw ExpanderConfigError(
                description: "Can't parse YAML with priorities in the configmap: \(error)")
        }
        guard let map = parsed as? [AnyHashable: Any] else {
            throw ExpanderConfigError(description: "Can't parse YAML with priorities in the "
                + "configmap: expected a map of priority to a list of expressions")
        }
        var priorities: [Int: [String]] = [:]
        for (key, value) in map {
            guard let priority = key as? Int ?? (key as? String).flatMap({ Int($0) }) else {
                throw ExpanderConfigError(description: "Can't parse YAML with priorities in the "
                    + "configmap: priority '\(key)' is not an integer")
            }
            guard let list = value as? [Any] else {
                throw ExpanderConfigError(description: "Can't parse YAML with priorities in the "
                    + "configmap: priority \(priority) must list regular expressions")
            }
            priorities[priority] = list.map { "\($0)" }
        }
        try self.init(priorities: priorities)
    }

    /// The highest priority whose expressions match `id` anywhere (Go `FindStringIndex`).
    public func priority(ofNodeGroup id: String) -> Int? {
        var best: Int?
        for rule in rules where rule.expressions.contains(where: {
            $0.matches(id)
        }) {
            best = max(best ?? rule.priority, rule.priority)
        }
        return best
    }

    /// The options of the highest matched priority, in input order.
    public func bestOptions(_ options: [ExpansionOption], context: inout ExpanderContext)
        -> [ExpansionOption]
    {
        var maxPriority = Int.min
        var best: [ExpansionOption] = []
        for option in options {
            guard let priority = priority(ofNodeGroup: option.nodeGroupID) else {
                onWarning?("PriorityConfigMapNotMatchedGroup", "Priority expander: node group "
                    + "\(option.nodeGroupID) not found in priority expander configuration. "
                    + "The group won't be used.")
                continue
            }
            if priority > maxPriority {
                maxPriority = priority
                best = [option]
            } else if priority == maxPriority {
                best.append(option)
            }
        }
        if best.isEmpty {
            onWarning?("PriorityConfigMapNoGroupMatched", "Priority expander: no priorities info "
                + "found for any of the expansion options. No options filtered.")
            return options
        }
        return best
    }
}
