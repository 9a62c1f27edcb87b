/// The zone (`topology.kubernetes.io/zone`) of every node as a small integer, computed once per
/// change of the nodes and shared by every placement index, so rebuilding an index for a new
/// pod template does no label lookups.
struct NodeZones: Sendable {
    /// The cluster's `nodeSpecRevision` and node count it was computed for.
    var revision: UInt64 = .max
    var nodeCount = -1
    /// Per node: its zone index (nodes without the label share one index).
    var zoneOf: [Int32] = []
    /// Per zone index: whether it stands for a real label value (false: the unlabelled nodes).
    var hasLabel: [Bool] = []

    /// Recomputes the table if the nodes changed since it was made.
    mutating func update(_ cluster: Cluster) {
        guard revision != cluster.nodeSpecRevision || nodeCount != cluster.nodes.count else {
            return
        }
        var index: [String: Int32] = [:]
        var labelled: [Bool] = []
        zoneOf = cluster.nodes.map { node in
            let value = node.labels[WellKnownLabels.zone]
            if let known = index[value ?? ""] { return known }
            let z = Int32(labelled.count)
            index[value ?? ""] = z
            labelled.append(value != nil)
            return z
        }
        hasLabel = labelled
        revision = cluster.nodeSpecRevision
        nodeCount = cluster.nodes.count
    }
}
