import Foundation

/// The "scheduler" conformance suite: runs every vector of a file in the format of
/// `scheduler_vectors.json` through the plugin code the simulation's scheduler uses.
enum SchedulerConformance {
    typealias Object = [String: Any]

    static func run(data: Data) throws -> ConformanceReport {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? Object else {
            throw ConformanceError("scheduler vectors: the file is not a JSON object")
        }
        var report = ConformanceReport()
        for v in ((root["vectors"] as? [Any]) ?? []).compactMap({ $0 as? Object }) {
            let id = v["id"] as? String ?? "?"
            do {
                let failures = try runVector(v)
                if failures.isEmpty { report.passed += 1 } else {
                    report.failures.append("\(id): " + failures.joined(separator: "; "))
                }
            } catch {
                report.failures.append("\(id): \(error)")
            }
        }
        for (i, v) in ((root["normalize_score_vectors"] as? [Any]) ?? []).compactMap({ $0 as? Object })
            .enumerated() {
            var scores = ((v["scores"] as? [Any]) ?? []).compactMap(SchedulerJSON.int)
            let want = ((v["expected"] as? [Any]) ?? []).compactMap(SchedulerJSON.int)
            defaultNormalizeScore(&scores, reverse: (v["reverse"] as? Bool) ?? false)
            record(&report, scores == want, "normalize_score_vectors[\(i)]: expected \(want), got \(scores)")
        }
        for (i, v) in ((root["broken_linear_function_vectors"] as? [Any]) ?? [])
            .compactMap({ $0 as? Object }).enumerated() {
            let shape = ((v["points"] as? [Any]) ?? []).compactMap { $0 as? Object }.map {
                UtilizationShapePoint(utilization: SchedulerJSON.int($0["utilization"]) ?? 0,
                                      score: SchedulerJSON.int($0["score"]) ?? 0)
            }
            var bad: [String] = []
            for a in ((v["assertions"] as? [Any]) ?? []).compactMap({ $0 as? Object }) {
                let p = SchedulerJSON.int(a["p"]) ?? 0, want = SchedulerJSON.int(a["expected"]) ?? 0
                let got = brokenLinearFunction(shape, p)
                if got != want { bad.append("f(\(p)) expected \(want), got \(got)") }
            }
            record(&report, bad.isEmpty, "broken_linear_function_vectors[\(i)]: " + bad.joined(separator: ", "))
        }
        let fitCases = ((root["fit_error_message"] as? Object)?["cases"] as? [Any]) ?? []
        for (i, c) in fitCases.compactMap({ $0 as? Object }).enumerated() {
            if c["kind"] as? String == "preemption_post_filter_status" {
                do {
                    let failure = try PreemptionConformance.run(c)
                    record(&report, failure == nil,
                           "fit_error_message.cases[\(i)]: \(failure ?? "")")
                } catch {
                    report.failures.append("fit_error_message.cases[\(i)]: \(error)")
                }
                continue
            }
            var fit = FitError(numAllNodes: Int(SchedulerJSON.int(c["num_all_nodes"]) ?? 0))
            fit.preFilterMessage = c["pre_filter_msg"] as? String ?? ""
            fit.postFilterMessage = c["post_filter_msg"] as? String ?? ""
            let statuses = (c["node_statuses"] as? Object) ?? [:]
            for name in statuses.keys.sorted() {
                guard let s = statuses[name] as? Object else { continue }
                fit.nodeStatuses.append((name, status(s)))
            }
            let want = c["expected"] as? String ?? ""
            record(&report, fit.message == want,
                   "fit_error_message.cases[\(i)]: expected \"\(want)\", got \"\(fit.message)\"")
        }
        return report
    }

    static func record(_ report: inout ConformanceReport, _ ok: Bool, _ failure: String) {
        if ok { report.passed += 1 } else { report.failures.append(failure) }
    }

    static func status(_ o: Object) -> Status {
        Status(StatusCode(rawValue: o["code"] as? String ?? "") ?? .error, SchedulerJSON.strings(o["reasons"]))
    }

    static func describe(_ s: Status) -> String {
        s.reasons.isEmpty ? s.code.rawValue : "\(s.code.rawValue) \(s.reasons)"
    }

    /// Compares a status: the code always, the reasons when the vector lists them.
    static func compare(_ node: String, _ want: Object, _ got: Status, into failures: inout [String]) {
        let expected = status(want)
        var ok = expected.code == got.code
        if want["reasons"] != nil && expected.reasons != got.reasons { ok = false }
        if !ok { failures.append("\(node): expected \(describe(expected)), got \(describe(got))") }
    }

    static func runVector(_ v: Object) throws -> [String] {
        let plugin = v["plugin"] as? String ?? ""
        let phase = v["phase"] as? String ?? ""
        let inputs = (v["inputs"] as? Object) ?? [:]
        let expected = (v["expected"] as? Object) ?? [:]
        let args = (inputs["args"] as? Object) ?? [:]
        let (cluster, pod) = try SchedulerJSON.snapshot(inputs)
        switch (plugin, phase) {
        case ("NodeResourcesFit", _):
            return fitFilter(cluster, pod, args, expected)
        case ("LeastAllocated", _), ("MostAllocated", _), ("RequestedToCapacityRatio", _):
            return fitScore(cluster, pod, args, expected)
        case ("BalancedAllocation", _):
            return balancedScore(cluster, pod, args, expected)
        case ("NodeUnschedulable", _):
            return nodeFilter(cluster, expected) { NodeUnschedulable.filter(pod.spec, node: $0) }
        case ("TaintToleration", "filter"):
            return nodeFilter(cluster, expected) { TaintToleration.filter(pod.spec, node: $0) }
        case ("TaintToleration", "score"):
            var scores = cluster.liveNodes.map { TaintToleration.score(pod.spec, node: cluster.nodes[$0.index]) }
            defaultNormalizeScore(&scores, reverse: true)
            return compareScores(cluster, cluster.liveNodes, scores, expected)
        case ("NodeAffinity", "filter"):
            return nodeAffinityFilter(cluster, pod, args, expected)
        case ("NodeAffinity", "score"):
            return nodeAffinityScore(cluster, pod, args, expected)
        case ("PodTopologySpread", "filter"):
            return spreadFilter(cluster, pod, expected)
        case ("PodTopologySpread", "score"):
            return spreadScore(cluster, pod, inputs, args, expected)
        case ("InterPodAffinity", "filter"):
            return affinityFilter(cluster, pod, expected)
        case ("InterPodAffinity", "score"):
            return affinityScore(cluster, pod, args, expected)
        default:
            return ["unknown plugin/phase \(plugin)/\(phase)"]
        }
    }

    static func nodeFilter(_ cluster: Cluster, _ expected: Object, _ f: (Node) -> Status) -> [String] {
        var failures: [String] = []
        var checked = 0
        for node in cluster.nodes {
            guard let want = expected[node.name] as? Object else { continue }
            compare(node.name, want, f(node), into: &failures)
            checked += 1
        }
        if checked == 0 && expected["prefilter"] == nil { failures.append("no node status to compare") }
        return failures
    }

    static func compareScores(_ cluster: Cluster, _ nodes: [NodeID], _ scores: [Int64],
                              _ expected: Object) -> [String] {
        let want = (expected["scores"] as? Object) ?? [:]
        var failures: [String] = []
        if want.count != nodes.count {
            failures.append("expected scores for \(want.count) nodes, scored \(nodes.count)")
        }
        for (i, id) in nodes.enumerated() {
            let name = cluster.nodes[id.index].name
            guard let w = SchedulerJSON.int(want[name]) else { continue }
            if w != scores[i] { failures.append("\(name): expected score \(w), got \(scores[i])") }
        }
        return failures
    }

    static func fitArgs(_ args: Object) -> NodeResourcesFitArgs {
        var a = NodeResourcesFitArgs()
        a.ignoredResources = Set(SchedulerJSON.strings(args["ignoredResources"]))
        a.ignoredResourceGroups = Set(SchedulerJSON.strings(args["ignoredResourceGroups"]))
        if let s = args["scoringStrategy"] as? Object {
            a.scoringStrategy.type = s["type"] as? String ?? "LeastAllocated"
            if let list = s["resources"] as? [Any] {
                a.scoringStrategy.resources = list.compactMap { $0 as? Object }.map {
                    ResourceSpec(name: $0["name"] as? String ?? "", weight: SchedulerJSON.int($0["weight"]) ?? 0)
                }
            } else {
                a.scoringStrategy.resources = nil
            }
            let shape = ((s["requestedToCapacityRatio"] as? Object)?["shape"] as? [Any]) ?? []
            a.scoringStrategy.shape = shape.compactMap { $0 as? Object }.map {
                UtilizationShapePoint(utilization: SchedulerJSON.int($0["utilization"]) ?? 0,
                                      score: SchedulerJSON.int($0["score"]) ?? 0)
            }
        }
        return a
    }

    static func fitFilter(_ cluster: Cluster, _ pod: Pod, _ args: Object, _ expected: Object) -> [String] {
        var failures: [String] = []
        let a = fitArgs(args)
        if let pre = expected["prefilter"] as? Object { compare("prefilter", pre, .success, into: &failures) }
        for node in cluster.nodes {
            guard let want = expected[node.name] as? Object else { continue }
            let u = cluster.usage[node.id.index]
            compare(node.name, want, NodeResourcesFit.filter(pod.requests.requests, podCount: u.pods.count,
                                                             node: node, usage: u, args: a), into: &failures)
            if let list = want["insufficient_resources"] as? [Any] {
                let got = NodeResourcesFit.fitsRequest(pod.requests.requests, podCount: u.pods.count,
                                                       node: node, usage: u, args: a)
                let exp = list.compactMap { $0 as? Object }.map {
                    InsufficientResource(resource: $0["resource"] as? String ?? "",
                                         reason: $0["reason"] as? String ?? "",
                                         requested: SchedulerJSON.int($0["requested"]) ?? 0,
                                         used: SchedulerJSON.int($0["used"]) ?? 0,
                                         capacity: SchedulerJSON.int($0["capacity"]) ?? 0,
                                         unresolvable: ($0["unresolvable"] as? Bool) ?? false)
                }
                if exp != got { failures.append("\(node.name): expected insufficient \(exp), got \(got)") }
            }
        }
        return failures
    }

    static func fitScore(_ cluster: Cluster, _ pod: Pod, _ args: Object, _ expected: Object) -> [String] {
        let a = fitArgs(args)
        if let err = expected["plugin_construction_error"] as? Object {
            let field = a.scoringStrategy.invalidWeightField()
            return field == err["field"] as? String ? []
                : ["expected construction error at \(err["field"] ?? ""), got \(field ?? "none")"]
        }
        if let invalid = a.scoringStrategy.invalidWeightField() {
            return ["unexpected construction error at \(invalid)"]
        }
        let nodes = cluster.liveNodes
        guard let scorer = ResourceAllocationScorer(fit: a.scoringStrategy) else {
            // Score returns Error ("resources not found") and MinNodeScore.
            let code = expected["score_status_code"] as? String
            return code == "Error" ? compareScores(cluster, nodes, nodes.map { _ in 0 }, expected)
                : ["expected \(code ?? "Success"), got Error"]
        }
        let req = scorer.podRequestVector(pod.requests)
        let scores = nodes.map { scorer.score(podRequest: req, node: cluster.nodes[$0.index],
                                              usage: cluster.usage[$0.index]) }
        return compareScores(cluster, nodes, scores, expected)
    }

    static func balancedScore(_ cluster: Cluster, _ pod: Pod, _ args: Object, _ expected: Object) -> [String] {
        let resources = ((args["resources"] as? [Any]) ?? []).compactMap { $0 as? Object }.map {
            ResourceSpec(name: $0["name"] as? String ?? "", weight: SchedulerJSON.int($0["weight"]) ?? 1)
        }
        let scorer = ResourceAllocationScorer(balanced: resources)
        let req = scorer.podRequestVector(pod.requests)
        let skip = !req.contains { $0 != 0 }
        if let code = expected["prescore_status_code"] as? String {
            let got = skip ? "Skip" : "Success"
            return code == got ? [] : ["expected PreScore \(code), got \(got)"]
        }
        if skip { return ["PreScore returned Skip"] }
        let nodes = cluster.liveNodes
        let scores = nodes.map { scorer.score(podRequest: req, node: cluster.nodes[$0.index],
                                              usage: cluster.usage[$0.index]) }
        return compareScores(cluster, nodes, scores, expected)
    }

    static func nodeAffinityArgs(_ args: Object) -> NodeAffinityArgs {
        var a = NodeAffinityArgs()
        if let added = args["addedAffinity"] as? Object {
            if let req = added["requiredDuringSchedulingIgnoredDuringExecution"] as? Object {
                let terms = ((req["nodeSelectorTerms"] as? [Any]) ?? []).compactMap { $0 as? Object }
                a.addedRequired = NodeSelector(nodeSelectorTerms: terms.map(SchedulerJSON.nodeSelectorTerm))
            }
            a.addedPreferred = SchedulerJSON.preferredNodeTerms(added["preferredDuringSchedulingIgnoredDuringExecution"])
        }
        return a
    }

    static func nodeAffinityFilter(_ cluster: Cluster, _ pod: Pod, _ args: Object,
                                   _ expected: Object) -> [String] {
        var failures: [String] = []
        let a = nodeAffinityArgs(args)
        let (pre, names) = NodeAffinityPlugin.preFilter(pod.spec, args: a)
        if let want = expected["prefilter"] as? Object { compare("prefilter", want, pre, into: &failures) }
        if let want = expected["prefilter_result_node_names"] {
            let w = Set(SchedulerJSON.strings(want))
            if names != w { failures.append("prefilter result: expected \(w.sorted()), got \(names.map { $0.sorted() } ?? [])") }
        }
        failures += nodeFilter(cluster, expected) { NodeAffinityPlugin.filter(pod.spec, node: $0, args: a) }
        return failures
    }

    static func nodeAffinityScore(_ cluster: Cluster, _ pod: Pod, _ args: Object, _ expected: Object) -> [String] {
        let terms = NodeAffinityPlugin.preferredTerms(pod.spec, args: nodeAffinityArgs(args))
        if let want = expected["prescore_status"] as? Object {
            let got: Status = terms.isEmpty ? .skip : .success
            var failures: [String] = []
            compare("prescore", want, got, into: &failures)
            return failures
        }
        let nodes = cluster.liveNodes
        var scores = nodes.map { NodeAffinityPlugin.score(terms, node: cluster.nodes[$0.index]) }
        defaultNormalizeScore(&scores, reverse: false)
        return compareScores(cluster, nodes, scores, expected)
    }

    static func spreadFilter(_ cluster: Cluster, _ pod: Pod, _ expected: Object) -> [String] {
        let hard = PodTopologySpread.constraints(pod.spec.topologySpreadConstraints,
                                                 podLabels: pod.labels, action: "DoNotSchedule")
        let state = PodTopologySpread.preFilter(pod: pod, constraints: hard, nodes: cluster.liveNodes,
                                                in: cluster)
        return nodeFilter(cluster, expected) { node in
            guard let state else { return .success }
            return PodTopologySpread.filter(state, pod: pod, node: node)
        }
    }

    static func spreadScore(_ cluster: Cluster, _ pod: Pod, _ inputs: Object, _ args: Object,
                            _ expected: Object) -> [String] {
        var profile = SchedulerProfile()
        profile.spreadDefaultingType = args["defaultingType"] as? String ?? "System"
        let framework = SchedulingFramework(profile: profile)
        let candidates = SchedulerJSON.strings(inputs["candidate_nodes"]).compactMap { cluster.node(named: $0) }
        let (soft, requireAll) = framework.softSpreadConstraints(pod, in: cluster)
        guard let state = PodTopologySpread.preScore(pod: pod, constraints: soft, filtered: candidates,
                                                     requireAllTopologies: requireAll, in: cluster) else {
            return ["PreScore returned Skip"]
        }
        var scores = candidates.map { PodTopologySpread.score(state, pod: pod, node: $0, in: cluster) }
        PodTopologySpread.normalize(&scores, ignored: candidates.map { state.ignored.contains($0) })
        return compareScores(cluster, candidates, scores, expected)
    }

    static func affinityFilter(_ cluster: Cluster, _ pod: Pod, _ expected: Object) -> [String] {
        var failures: [String] = []
        let (pre, state) = InterPodAffinity.preFilter(pod: pod, in: cluster)
        if let want = expected["prefilter"] as? Object { compare("prefilter", want, pre, into: &failures) }
        if !pre.isSuccess { return failures }
        failures += nodeFilter(cluster, expected) { node in
            guard let state else { return .success }
            return InterPodAffinity.filter(state, node: node)
        }
        return failures
    }

    static func affinityScore(_ cluster: Cluster, _ pod: Pod, _ args: Object, _ expected: Object) -> [String] {
        var a = InterPodAffinity.Args()
        if let w = SchedulerJSON.int(args["hardPodAffinityWeight"]) { a.hardPodAffinityWeight = w }
        a.ignorePreferredTermsOfExistingPods = (args["ignorePreferredTermsOfExistingPods"] as? Bool) ?? false
        let nodes = cluster.liveNodes
        let (status, state) = InterPodAffinity.preScore(pod: pod, nodeCount: nodes.count, args: a, in: cluster)
        if let want = expected["prescore_status"] as? Object {
            var failures: [String] = []
            if want["code"] as? String != status.code.rawValue {
                failures.append("prescore: expected \(want["code"] ?? ""), got \(describe(status))")
            }
            if let part = want["message_contains"] as? String,
               !status.reasons.joined(separator: ", ").contains(part) {
                failures.append("prescore message: expected to contain \(part), got \(status.reasons)")
            }
            return failures
        }
        if status.code != .success { return ["PreScore returned \(describe(status))"] }
        var scores = nodes.map { InterPodAffinity.score(state, node: cluster.nodes[$0.index]) }
        InterPodAffinity.normalize(&scores)
        return compareScores(cluster, nodes, scores, expected)
    }
}
