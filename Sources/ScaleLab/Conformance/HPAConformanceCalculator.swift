import Foundation

/// The replica_calculator/* vectors: one call of a replica calculator function, with the
/// replica_calculator_test.go harness (pods and samples already expanded in the vector).
enum HPAConformanceCalculator {
    static func check(_ input: VectorValue, _ checker: inout ExpectationChecker) throws {
        let function = input["function"].string ?? ""
        let calculator = ReplicaCalculator(
            tolerances: HPAConformance.tolerances(input["tolerances"]),
            timing: HPAConformance.timing(input),
            podLevelResources: input["PodLevelResources_feature_gate"].bool ?? false)
        let pods = input["pods"].array.map(HPAConformance.pod)
        let name = function.split(separator: " ").first.map(String.init) ?? ""
        let known = ["GetResourceReplicas", "GetMetricReplicas", "GetObjectMetricReplicas",
                     "GetExternalMetricReplicas", "GetObjectPerPodMetricReplicas",
                     "GetExternalPerPodMetricReplicas", "groupPods", "calculateRequests"]
        guard known.contains(name) else {
            throw ConformanceError("unknown replica calculator function '\(function)'")
        }
        do throws(HPAFetchError) {
            switch name {
            case "GetResourceReplicas":
                let resource = input["resource"].string ?? "cpu"
                let container = input["container"].string
                let metrics = PodGrouping.podResourceMetrics(
                    input["pod_metrics"].array.map(HPAConformance.resourceSample),
                    resource: resource, container: container)
                let proposal = try calculator.resourceUtilizationReplicas(
                    currentReplicas: input["current_replicas"].int32 ?? 0,
                    targetUtilization: input["target_utilization"].int32 ?? 0,
                    resource: resource, container: container, pods: pods, metrics: metrics,
                    now: HPAConformance.now)
                checker.expect("replicas", "\(proposal.replicas)")
                checker.expect("utilization", "\(proposal.utilization ?? 0)")
                checker.expect("raw_average_value_milli", "\(proposal.usageMilli)")
                expectNoError(&checker)
            case "GetMetricReplicas":
                var metrics: [String: PodMetricSample] = [:]
                for sample in input["pod_metric_values"].array {
                    metrics[sample["pod"].string ?? ""] = HPAConformance.podSample(sample)
                }
                let proposal = try calculator.plainMetricReplicas(
                    currentReplicas: input["current_replicas"].int32 ?? 0,
                    targetAverageMilli: input["target_average_value_milli"].int64 ?? 0,
                    resource: "", pods: pods, metrics: metrics, now: HPAConformance.now)
                expectProposal(proposal, &checker)
            case "GetObjectMetricReplicas", "GetExternalMetricReplicas":
                let usage = name == "GetObjectMetricReplicas"
                    ? input["object_value_milli"].int64 ?? 0
                    : ReplicaCalculator.externalUsage(
                        input["external_values_milli"].array.compactMap(\.int64))
                let proposal = try calculator.valueReplicas(
                    currentReplicas: input["current_replicas"].int32 ?? 0, usageMilli: usage,
                    targetMilli: input["target_value_milli"].int64 ?? 0, pods: pods)
                expectProposal(proposal, &checker)
            case "GetObjectPerPodMetricReplicas", "GetExternalPerPodMetricReplicas":
                let usage = name == "GetObjectPerPodMetricReplicas"
                    ? input["object_value_milli"].int64 ?? 0
                    : ReplicaCalculator.externalUsage(
                        input["external_values_milli"].array.compactMap(\.int64))
                let proposal = calculator.perPodReplicas(
                    statusReplicas: input["status_replicas"].int32 ?? 0, usageMilli: usage,
                    targetAverageMilli: input["target_average_value_milli"].int64 ?? 0)
                expectProposal(proposal, &checker)
            case "groupPods":
                checkGroupPods(input, pods: pods, calculator: calculator, &checker)
            case "calculateRequests":
                let pod = HPAConformance.pod(input["pod"])
                let container = input["container"].string
                let requests = try PodGrouping.requests(
                    pods: [pod], resource: "cpu", container: container,
                    podLevelResources: calculator.podLevelResources)
                let got = requests.keys.sorted().map { "\($0)=\(requests[$0] ?? 0)" }
                let want = checker.expected["requests_milli"].dictionary
                    .map { "\($0.0)=\($0.1.int64 ?? 0)" }
                if checker.expected["requests_milli"].isPresent && got != want {
                    checker.fail("requests_milli: expected \(want), got \(got)")
                }
                expectNoError(&checker)
            default:
                break
            }
        } catch {
            let text = error.description
            if let want = checker.expected["error_contains"].string
                ?? checker.expected["error"].string {
                if !text.contains(want) {
                    checker.fail("error: expected one containing \"\(want)\", got \"\(text)\"")
                }
            } else {
                checker.fail("unexpected error: \(text)")
            }
        }
    }

    private static func expectProposal(_ proposal: ReplicaProposal,
                                       _ checker: inout ExpectationChecker) {
        checker.expect("replicas", "\(proposal.replicas)")
        checker.expect("usage_milli", "\(proposal.usageMilli)")
        expectNoError(&checker)
    }

    private static func expectNoError(_ checker: inout ExpectationChecker) {
        if let want = checker.expected["error_contains"].string
            ?? checker.expected["error"].string {
            checker.fail("expected an error containing \"\(want)\", got success")
        }
    }

    private static func checkGroupPods(_ input: VectorValue, pods: [HPAPod],
                                       calculator: ReplicaCalculator,
                                       _ checker: inout ExpectationChecker) {
        var metrics: [String: PodMetricSample] = [:]
        for (name, sample) in input["metrics"].dictionary {
            metrics[name] = HPAConformance.podSample(sample)
        }
        let groups = PodGrouping.group(pods: pods, metrics: metrics,
                                       resource: input["resource"].string ?? "",
                                       timing: calculator.timing, now: HPAConformance.now)
        checker.expect("ready_count", "\(groups.readyCount)")
        for (field, got) in [("unready", groups.unready), ("missing", groups.missing),
                             ("ignored", groups.ignored)] {
            let want = checker.expected[field].array.compactMap(\.string).sorted()
            if want != got.sorted() {
                checker.fail("\(field): expected \(want), got \(got.sorted())")
            }
        }
    }
}
