// Grouping pending pods the way the autoscaler does before estimating.
// Upstream: cluster-autoscaler/core/scaleup/equivalence/groups.go (BuildPodGroups: pods of the
// same controller with semantically equal specs form one group).

/// Builds estimator groups out of the cluster's pods.
public enum PodEquivalenceGroups {
    /// The groups of `pods`, in order of first appearance: pods with the same owner,
    /// namespace, labels and spec are equivalent (pods without an owner are each their own
    /// group, as CA groups only controlled pods).
    public static func build(_ pods: [PodID], in cluster: Cluster) -> [PodEquivalenceGroup<PodID>] {
        struct Key: Hashable {
            var owner: WorkloadID
            var namespace: String
            var labels: [String: String]
            var spec: PodSpec
        }
        var index: [Key: Int] = [:]
        var members: [[PodID]] = []
        for id in pods {
            let pod = cluster.pods[id.index]
            guard let owner = pod.owner else {
                members.append([id])
                continue
            }
            let key = Key(owner: owner, namespace: pod.namespace, labels: pod.labels, spec: pod.spec)
            if let at = index[key] {
                members[at].append(id)
            } else {
                index[key] = members.count
                members.append([id])
            }
        }
        return members.map { group($0, in: cluster) }
    }

    /// One group of already-equivalent pods, its exemplar read from the first.
    public static func group(_ pods: [PodID], in cluster: Cluster) -> PodEquivalenceGroup<PodID> {
        guard let first = pods.first else {
            return PodEquivalenceGroup(pods: [], exemplar: ExemplarTraits(milliCPU: 0, memoryBytes: 0))
        }
        return PodEquivalenceGroup(pods: pods, exemplar: exemplar(cluster.pods[first.index]))
    }

    /// What the estimator reads from a pod.
    public static func exemplar(_ pod: Pod) -> ExemplarTraits {
        let first = pod.spec.containers.first
        let antiAffinity = pod.spec.affinity?.requiredPodAntiAffinity ?? []
        let selfHostname = antiAffinity.contains { term in
            term.topologyKey == WellKnownLabels.hostname
                && (term.labelSelector?.matches(pod.labels) ?? false)
        }
        return ExemplarTraits(
            milliCPU: pod.requests.requests.milliCPU, memoryBytes: pod.requests.requests.memory,
            firstContainerMilliCPU: first.map { $0.requests[ResourceName.cpu] ?? 0 },
            firstContainerMemoryBytes: first.map { $0.requests[ResourceName.memory] ?? 0 },
            hasTopologySpreadConstraints: !pod.spec.topologySpreadConstraints.isEmpty,
            hasSelfHostnameAntiAffinity: selfHostname,
            hasNonHostnameAntiAffinity: antiAffinity.contains {
                $0.topologyKey != WellKnownLabels.hostname
            })
    }
}
