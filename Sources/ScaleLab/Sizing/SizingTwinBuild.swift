/// Builds a comparison option from the scheduled cluster of another option whose nodes
/// schedule alike, instead of creating and scheduling every pod again.
///
/// The catalog holds many types of one allocatable (m5.large and m6i.large, say); with no pod
/// selecting nodes by name or label (`CountSearchKey`), kube-scheduler places a workload on
/// N nodes of either the same way: the filters and scores read a node's allocatable and the
/// pods on it, ties go to the node order, and the only names read — a DaemonSet pod's
/// `metadata.name` node affinity, the hostname topology of the default spread constraints —
/// name each node alike in both. So `build` of one of them is `build` of the other with the
/// node names, labels and capacity exchanged and each DaemonSet pod pinned to its node's new
/// name, and the failure simulation loses the same node and moves the same pods.
extension Sizing {
    /// `build(option, ...)` derived from `twin`, the `build` of another option for the same
    /// workloads, DaemonSets and settings whose single pool has the same count and a shape of
    /// the same `CountSearchKey`. Nil when the two node tables do not match node for node (a
    /// different count, allocatable or state, or labels that do not correspond): the caller
    /// then builds `option` itself.
    static func build(_ option: SizingOption, twinOf twin: Cluster, settings: SizingSettings)
        throws -> Cluster? {
        var nodes = Cluster(seed: settings.seed)
        try addPools(option, to: &nodes, settings: settings)
        var cluster = twin
        return cluster.adoptNodes(of: nodes) ? cluster : nil
    }

    /// `blast`, found on `twin`, as it reads on `cluster` (`build(_:twinOf:settings:)` of
    /// `twin`): the same node index under its new name.
    static func blastRadius(_ blast: BlastRadius, of twin: Cluster, on cluster: Cluster)
        -> BlastRadius? {
        guard let id = twin.node(named: blast.node), cluster.nodes.indices.contains(id.index)
        else { return nil }
        var renamed = blast
        renamed.node = cluster.nodes[id.index].name
        return renamed
    }
}

extension Cluster {
    /// Takes `other`'s nodes and pools in place of this cluster's, as if they had been created
    /// here, with every pod left where it is (the pods of node i are now on `other`'s node i)
    /// and each DaemonSet pod pinned to its node's new name. The two node tables must match
    /// node for node in everything the scheduler reads apart from names: allocatable, state,
    /// taints, and labels with the same keys whose values correspond one to one (so every
    /// topology domain and every label selector's answer carries over). False, with nothing
    /// changed, when they do not, or when `other` has pods or a DaemonSet pod is pinned to an
    /// unknown node.
    mutating func adoptNodes(of other: Cluster) -> Bool {
        guard other.pods.isEmpty, other.nodes.count == nodes.count,
              other.pools.count == pools.count else { return false }
        var forward: [String: [String: String]] = [:], backward = forward
        for (old, new) in zip(nodes, other.nodes) {
            guard old.allocatable == new.allocatable, old.isRemoved == new.isRemoved,
                  old.unschedulable == new.unschedulable, old.readiness == new.readiness,
                  old.taints == new.taints, old.pool == new.pool,
                  old.creationTime == new.creationTime, old.labels.count == new.labels.count
            else { return false }
            for (key, value) in old.labels {
                guard let newValue = new.labels[key] else { return false }
                let wasNew = forward[key, default: [:]].updateValue(newValue, forKey: value)
                let wasOld = backward[key, default: [:]].updateValue(value, forKey: newValue)
                guard (wasNew ?? newValue) == newValue, (wasOld ?? value) == value else {
                    return false
                }
            }
        }
        var repinned: [(pod: Int, spec: PodSpec)] = []
        for (i, pod) in pods.enumerated() where !pod.isRemoved {
            guard let ds = pod.daemonSet else { continue }
            guard let name = Cluster.pinnedNode(pod), let id = nodeByName[name],
                  daemonSets.indices.contains(ds) else { return false }
            repinned.append((i, Cluster.daemonPodSpec(daemonSets[ds],
                                                      node: other.nodes[id.index].name)))
        }
        for (i, spec) in repinned { pods[i].spec = spec }
        nodes = other.nodes
        pools = other.pools
        nodeByName = other.nodeByName
        return true
    }
}
