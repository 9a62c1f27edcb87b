// One metric's proposal inside a reconcile (horizontal.go: computeReplicasForMetric and the
// computeStatusFor*Metric functions), with the metrics client's own checks
// (metrics/client.go: "no metrics returned from ... API").

/// What one metric produced: a proposal or a failure with its ScalingActive condition.
struct MetricOutcome {
    var replicas: Int32 = 0
    var metricName = ""
    var status = MetricStatus.empty
    /// The reason (FailedGet*Metric, InvalidMetricSourceType) and the inner error.
    var failure: (reason: String, error: String)?
    /// The error the reconcile reports (the inner error, wrapped as upstream wraps it).
    var wrappedError = ""
    var explanation = MetricExplanation()
}

/// The inputs shared by every metric of one reconcile.
struct MetricContext {
    var namespace: String
    var specReplicas: Int32
    var statusReplicas: Int32
    var selector: ParsedLabelSelector
    var calculator: ReplicaCalculator
    var now: Int64
    /// The pod lister's answer (read once per reconcile), or its error, which a metric
    /// reports only when it comes to need the pods.
    var listed: Result<ListedPods, HPAFetchError>

    /// The listed pods, or the listing's error.
    func pods() throws(HPAFetchError) -> [HPAPod] { try listed.get().pods }

    /// The listed pods' names, numbered; none when the listing failed (every sample is then
    /// unlisted, and the listing's error is reported once the samples were read).
    var names: HPAPodNames {
        switch listed {
        case .success(let list): list.names
        case .failure: HPAPodNames([])
        }
    }
}

/// The pods of one reconcile and their names numbered for matching samples.
struct ListedPods {
    var pods: [HPAPod]
    var names: HPAPodNames
}

extension MetricSpec {
    /// The resource, container and target of a Resource or ContainerResource metric whose
    /// source is populated (nil for other types, or when the type's source is missing).
    var resourceSource: (name: String, container: String?, target: MetricTarget)? {
        if type == MetricSourceType.resource, let resource {
            return (resource.name, nil, resource.target)
        }
        if type == MetricSourceType.containerResource, let resource = containerResource {
            return (resource.name, resource.container, resource.target)
        }
        return nil
    }
}

enum MetricProposals {
    static func compute(_ spec: MetricSpec, context: MetricContext,
                        metrics: some HPAMetricsClient) -> MetricOutcome {
        var outcome = MetricOutcome()
        do throws(HPAFetchError) {
            switch spec.type {
            case MetricSourceType.resource, MetricSourceType.containerResource:
                try resource(spec, context: context, metrics: metrics, into: &outcome)
            case MetricSourceType.pods:
                try pods(spec, context: context, metrics: metrics, into: &outcome)
            case MetricSourceType.object:
                try object(spec, context: context, metrics: metrics, into: &outcome)
            case MetricSourceType.external:
                try external(spec, context: context, metrics: metrics, into: &outcome)
            default:
                let error = "unknown metric source type \"\(spec.type)\""
                outcome.failure = ("InvalidMetricSourceType", error)
                outcome.wrappedError = error
            }
        } catch {
            // The failure was filled in before throwing.
        }
        outcome.explanation.sourceType = spec.type
        outcome.explanation.metricName = outcome.metricName
        if let failure = outcome.failure {
            outcome.explanation.error = failure.error
            outcome.explanation.proposal = nil
        } else {
            outcome.explanation.proposal = outcome.replicas
        }
        return outcome
    }

    private static func fail(_ outcome: inout MetricOutcome, reason: String, error: String,
                             wrapped: String) -> HPAFetchError {
        outcome.failure = (reason, error)
        outcome.wrappedError = wrapped
        return HPAFetchError(wrapped)
    }

    private static func resource(_ spec: MetricSpec, context: MetricContext,
                                 metrics: some HPAMetricsClient,
                                 into outcome: inout MetricOutcome) throws(HPAFetchError) {
        let isContainer = spec.type == MetricSourceType.containerResource
        let reason = isContainer ? "FailedGetContainerResourceMetric" : "FailedGetResourceMetric"
        guard let source = spec.resourceSource else {
            let error = "invalid \(isContainer ? "container " : "")resource metric source:"
                + " the source is not populated"
            throw fail(&outcome, reason: reason, error: error, wrapped: error)
        }
        let kind = isContainer ? "container resource" : "resource"
        let wrap = { (error: String) in
            isContainer ? "failed to get \(source.name) container metric value: \(error)"
                : "failed to get \(source.name) utilization: \(error)"
        }
        let averageValue = source.target.averageValueMilli
        guard averageValue != nil || source.target.averageUtilization != nil else {
            let error = "invalid \(kind) metric source: neither a utilization target nor a"
                + " value target was set"
            throw fail(&outcome, reason: reason, error: error, wrapped: error)
        }
        do throws(HPAFetchError) {
            let samples: PodSamples
            do throws(HPAFetchError) {
                let read = try metrics.resourceMetric(
                    namespace: context.namespace, selector: context.selector,
                    resource: source.name, container: source.container, names: context.names)
                guard read.count > 0 else {
                    throw HPAFetchError("no metrics returned from resource metrics API")
                }
                samples = read.samples
            } catch {
                throw HPAFetchError("unable to get metrics for resource \(source.name): \(error)")
            }
            let listed = try context.listed.get()
            var current = MetricValueStatus()
            let proposal: ReplicaProposal
            if let averageValue {
                outcome.metricName = "\(source.name) \(kind)"
                proposal = try context.calculator.plainMetricReplicas(
                    currentReplicas: context.specReplicas, targetAverageMilli: averageValue,
                    resource: source.name, pods: listed.pods, names: listed.names,
                    samples: samples, now: context.now)
            } else {
                outcome.metricName = "\(source.name) \(kind) utilization (percentage of request)"
                proposal = try context.calculator.resourceUtilizationReplicas(
                    currentReplicas: context.specReplicas,
                    targetUtilization: source.target.averageUtilization ?? 0,
                    resource: source.name, container: source.container, pods: listed.pods,
                    names: listed.names, samples: samples, now: context.now)
                current.averageUtilization = proposal.utilization
            }
            current.averageValue = Quantity(milli: proposal.usageMilli)
            outcome.replicas = proposal.replicas
            outcome.explanation = proposal.explanation
            outcome.status = MetricStatus(type: spec.type, name: source.name,
                                          container: source.container, current: current)
        } catch {
            throw fail(&outcome, reason: reason, error: error.description,
                       wrapped: wrap(error.description))
        }
    }

    private static func pods(_ spec: MetricSpec, context: MetricContext,
                             metrics: some HPAMetricsClient,
                             into outcome: inout MetricOutcome) throws(HPAFetchError) {
        let reason = "FailedGetPodsMetric"
        guard let source = spec.pods, let target = source.target.averageValueMilli else {
            let error = "invalid pods metric source: no average value target was set"
            throw fail(&outcome, reason: reason, error: error, wrapped: error)
        }
        do throws(HPAFetchError) {
            let samples: PodSamples
            do throws(HPAFetchError) {
                samples = try metrics.podsMetric(
                    namespace: context.namespace, metric: source.metric.name,
                    selector: context.selector, metricSelector: source.metric.selector,
                    names: context.names)
                guard !samples.isEmpty else {
                    throw HPAFetchError("no metrics returned from custom metrics API")
                }
            } catch {
                throw HPAFetchError("unable to get metric \(source.metric.name): \(error)")
            }
            let listed = try context.listed.get()
            let proposal = try context.calculator.plainMetricReplicas(
                currentReplicas: context.specReplicas, targetAverageMilli: target, resource: "",
                pods: listed.pods, names: listed.names, samples: samples, now: context.now)
            outcome.replicas = proposal.replicas
            outcome.metricName = "pods metric \(source.metric.name)"
            outcome.explanation = proposal.explanation
            outcome.status = MetricStatus(
                type: spec.type, name: source.metric.name, selector: source.metric.selector,
                current: MetricValueStatus(averageValueMilli: proposal.usageMilli))
        } catch {
            throw fail(&outcome, reason: reason, error: error.description,
                       wrapped: "failed to get pods metric value: \(error)")
        }
    }

    /// Object or External with an AverageValue target.
    private static func perPod(_ spec: MetricSpec, metric: MetricIdentifier, usage: Int64,
                               target: Int64, context: MetricContext,
                               into outcome: inout MetricOutcome) {
        let proposal = context.calculator.perPodReplicas(
            statusReplicas: context.statusReplicas, usageMilli: usage, targetAverageMilli: target)
        outcome.replicas = proposal.replicas
        outcome.explanation = proposal.explanation
        outcome.status = MetricStatus(
            type: spec.type, name: metric.name, selector: metric.selector,
            current: MetricValueStatus(averageValueMilli: proposal.usageMilli))
    }

    private static func object(_ spec: MetricSpec, context: MetricContext,
                               metrics: some HPAMetricsClient,
                               into outcome: inout MetricOutcome) throws(HPAFetchError) {
        let reason = "FailedGetObjectMetric"
        let noTarget = "invalid object metric source: neither a value target nor an average"
            + " value target was set"
        guard let source = spec.object else {
            throw fail(&outcome, reason: reason, error: noTarget, wrapped: noTarget)
        }
        let name = source.metric.name
        let ref = source.describedObject
        func fetch() throws(HPAFetchError) -> Int64 {
            do throws(HPAFetchError) {
                return try metrics.objectMetric(namespace: context.namespace, metric: name,
                                                object: ref,
                                                metricSelector: source.metric.selector)
            } catch {
                // Upstream's argument order, verbatim (replica_calculator.go).
                throw HPAFetchError("unable to get metric \(name): \(ref.kind) on"
                    + " \(context.namespace) \(ref.name)/\(error)")
            }
        }
        if source.target.type == MetricTargetType.value, let target = source.target.valueMilli {
            do throws(HPAFetchError) {
                let usage = try fetch()
                let proposal = try context.calculator.valueReplicas(
                    currentReplicas: context.specReplicas, usageMilli: usage,
                    targetMilli: target, pods: try context.pods())
                outcome.replicas = proposal.replicas
                outcome.metricName = "\(ref.kind) metric \(name)"
                outcome.explanation = proposal.explanation
                outcome.status = MetricStatus(type: spec.type, name: name,
                                              selector: source.metric.selector,
                                              describedObject: ref,
                                              current: MetricValueStatus(valueMilli: usage))
            } catch {
                throw fail(&outcome, reason: reason, error: error.description,
                           wrapped: "failed to get object metric value: \(error)")
            }
        } else if source.target.type == MetricTargetType.averageValue,
                  let target = source.target.averageValueMilli {
            do throws(HPAFetchError) {
                perPod(spec, metric: source.metric, usage: try fetch(), target: target,
                       context: context, into: &outcome)
                // Upstream names this "external metric" too (a quirk kept verbatim).
                outcome.metricName = "external metric \(name)"
                    + "(\(LabelSelector.goDescription(source.metric.selector)))"
            } catch {
                throw fail(&outcome, reason: reason, error: error.description,
                           wrapped: "failed to get object metric value: failed to get \(name)"
                            + " object metric: \(error)")
            }
        } else {
            throw fail(&outcome, reason: reason, error: noTarget,
                       wrapped: "failed to get object metric value: \(noTarget)")
        }
    }

    private static func external(_ spec: MetricSpec, context: MetricContext,
                                 metrics: some HPAMetricsClient,
                                 into outcome: inout MetricOutcome) throws(HPAFetchError) {
        let reason = "FailedGetExternalMetric"
        let noTarget = "invalid external metric source: neither a value target nor an average"
            + " value target was set"
        guard let source = spec.external else {
            throw fail(&outcome, reason: reason, error: noTarget, wrapped: noTarget)
        }
        let name = source.metric.name
        let selectorText = LabelSelector.goDescription(source.metric.selector)
        func fetch() throws(HPAFetchError) -> Int64 {
            do throws(HPAFetchError) {
                let values = try metrics.externalMetric(namespace: context.namespace,
                                                        metric: name,
                                                        metricSelector: source.metric.selector)
                guard !values.isEmpty else {
                    throw HPAFetchError("no metrics returned from external metrics API")
                }
                return ReplicaCalculator.externalUsage(values)
            } catch {
                throw HPAFetchError("unable to get external metric \(context.namespace)/\(name)/"
                    + "\(selectorText): \(error)")
            }
        }
        outcome.metricName = "external metric \(name)(\(selectorText))"
        if let target = source.target.averageValueMilli {
            do throws(HPAFetchError) {
                perPod(spec, metric: source.metric, usage: try fetch(), target: target,
                       context: context, into: &outcome)
            } catch {
                throw fail(&outcome, reason: reason, error: error.description,
                           wrapped: "failed to get \(name) external metric: \(error)")
            }
        } else if let target = source.target.valueMilli {
            do throws(HPAFetchError) {
                let usage = try fetch()
                let proposal = try context.calculator.valueReplicas(
                    currentReplicas: context.specReplicas, usageMilli: usage,
                    targetMilli: target, pods: try context.pods())
                outcome.replicas = proposal.replicas
                outcome.explanation = proposal.explanation
                outcome.status = MetricStatus(type: spec.type, name: name,
                                              selector: source.metric.selector,
                                              current: MetricValueStatus(valueMilli: usage))
            } catch {
                throw fail(&outcome, reason: reason, error: error.description,
                           wrapped: "failed to get external metric \(name): \(error)")
            }
        } else {
            throw fail(&outcome, reason: reason, error: noTarget, wrapped: noTarget)
        }
    }
}
