import LuaKit
import ScaleLab

/// A simulated cluster as Lua holds it (`cluster.new{...}`): the engine's `ClusterSimulation`
/// plus the node profile its pools are sized with.
final class LuaCluster {
    /// The simulation (a value; this object is its single owner).
    var sim: ClusterSimulation
    /// The provider's node profile (reservations, max pods).
    let profile: NodeProfile
    /// The seed.
    let seed: UInt64
    /// The catalog the pools' types come from.
    let session: LuaSession
    /// Lua functions hooked on engine events (`c:on`), see ClusterHooks.swift.
    var hooks = ClusterHooks()

    init(sim: ClusterSimulation, profile: NodeProfile, seed: UInt64, session: LuaSession) {
        self.sim = sim
        self.profile = profile
        self.seed = seed
        self.session = session
    }

    /// The provider name as given (`eks`, `gke`, `aks`, `none`).
    var providerName: String { profile.provider.rawValue }

    /// `cluster eks seed=1 at 5m0s: 1 node, 20 pods (17 Running, 3 Pending)`.
    var summary: String {
        var phases: [PodPhase: Int] = [:]
        var pods = 0
        for pod in sim.cluster.pods where !pod.isRemoved {
            pods += 1
            phases[pod.phase, default: 0] += 1
        }
        let nodes = sim.cluster.nodes.reduce(0) { $0 + ($1.isRemoved ? 0 : 1) }
        let counts = PodPhase.allCases.compactMap { p in phases[p].map { "\($0) \(p.rawValue)" } }
        return "cluster \(providerName) seed=\(seed) at \(sim.now): "
            + "\(nodes) node\(nodes == 1 ? "" : "s"), \(pods) pod\(pods == 1 ? "" : "s")"
            + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")")
    }

    /// The live node named `name`, or the message `kubectl` gives when there is none.
    func node(named name: String) -> Result<NodeID, NotFound> {
        if let id = sim.cluster.node(named: name) { return .success(id) }
        return .failure(NotFound(resource: "nodes", name: name))
    }

    /// kubectl's NotFound wording: `Error from server (NotFound): nodes "x" not found`.
    struct NotFound: Error {
        var resource: String
        var name: String
        var message: String { "Error from server (NotFound): \(resource) \"\(name)\" not found" }
    }
}

/// A workload handle (`c:deploy{...}` returns one): the cluster and the workload's id.
final class LuaWorkload {
    let cluster: LuaCluster
    let id: WorkloadID

    init(cluster: LuaCluster, id: WorkloadID) {
        self.cluster = cluster
        self.id = id
    }

    /// The engine's workload record.
    var workload: Workload { cluster.sim.cluster.workloads[id.index] }

    /// `kubectl get deploy web`.
    var table: String {
        let (header, row) = cluster.sim.workloadRow(id)
        return TextTable.render([header, row])
    }
}
