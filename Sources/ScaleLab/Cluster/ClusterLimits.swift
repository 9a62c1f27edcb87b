// How big a cluster scalelab agrees to build. Kubernetes' own envelope ("Considerations for
// large clusters", kubernetes.io/docs/setup/best-practices/cluster-large/) is at most 5,000
// nodes and 150,000 pods; the API server itself would accept a Deployment of 2^31-1 replicas,
// but the simulation creates every pod and node at once, so a typo such as `count = 99999999`
// would take gigabytes and minutes that Ctrl-C cannot stop. Ten times the envelope is refused
// with an error that says why.

/// The largest node pool and workload the simulation creates.
public enum ClusterLimits {
    /// Kubernetes' largest tested cluster, in nodes.
    public static let kubernetesNodes = 5_000
    /// Kubernetes' largest tested cluster, in pods.
    public static let kubernetesPods = 150_000
    /// The most nodes one pool may have (10x `kubernetesNodes`).
    public static let maxPoolNodes = 10 * kubernetesNodes
    /// The most replicas one workload may have (10x `kubernetesPods`).
    public static let maxReplicas = 10 * kubernetesPods

    /// Throws when `count` nodes in one pool are more than the simulation builds.
    static func checkPool(_ name: String, count: Int) throws {
        if count > maxPoolNodes {
            throw ClusterError("node pool \"\(name)\": count \(count) is more than scalelab "
                + "simulates (at most \(maxPoolNodes) nodes in a pool, 10x Kubernetes' largest "
                + "tested cluster of \(kubernetesNodes) nodes)")
        }
    }

    /// Throws when `replicas` are more than the simulation creates for one workload.
    static func checkReplicas(_ what: String, _ replicas: Int) throws {
        if replicas > maxReplicas {
            throw ClusterError("\(what): replicas \(replicas) is more than scalelab simulates "
                + "(at most \(maxReplicas) pods in a workload, 10x Kubernetes' largest tested "
                + "cluster of \(kubernetesPods) pods)")
        }
    }
}
