/// A `v1.ContainerPort`: the port a container listens on and, when `hostPort` is set, the port
/// it takes on the node.
public struct ContainerPort: Hashable, Sendable {
    /// `containerPort`.
    public var containerPort: Int32
    /// `hostPort` (0: none).
    public var hostPort: Int32
    /// `protocol`: `TCP` (default), `UDP` or `SCTP`.
    public var `protocol`: String
    /// `hostIP` (empty: every address, `0.0.0.0`).
    public var hostIP: String

    /// Creates a port.
    public init(containerPort: Int32 = 0, hostPort: Int32 = 0, protocol proto: String = "TCP",
                hostIP: String = "") {
        self.containerPort = containerPort
        self.hostPort = hostPort
        self.protocol = proto
        self.hostIP = hostIP
    }
}

/// NodePorts (`pkg/scheduler/framework/plugins/nodeports/node_ports.go`): a pod cannot go to a
/// node where another pod already holds one of its host ports.
public enum NodePorts {
    /// The plugin name.
    public static let name = "NodePorts"
    /// The rejection reason (`ErrReason`).
    public static let reason = "node(s) didn't have free ports for the requested pod ports"

    /// The host ports a pod asks for (`getContainerPorts`: containers' ports with a hostPort).
    public static func hostPorts(_ spec: PodSpec) -> [ContainerPort] {
        var ports: [ContainerPort] = []
        for container in spec.containers {
            for port in container.ports where port.hostPort > 0 { ports.append(port) }
        }
        return ports
    }

    /// `HostPortInfo.CheckConflict`: the same protocol and port, and the same address or either
    /// one the wildcard `0.0.0.0`.
    static func conflicts(_ a: ContainerPort, _ b: ContainerPort) -> Bool {
        guard a.hostPort == b.hostPort, a.protocol == b.protocol else { return false }
        let ipA = a.hostIP.isEmpty ? "0.0.0.0" : a.hostIP
        let ipB = b.hostIP.isEmpty ? "0.0.0.0" : b.hostIP
        return ipA == ipB || ipA == "0.0.0.0" || ipB == "0.0.0.0"
    }

    /// Filter (PreFilter skips pods without host ports).
    public static func filter(_ spec: PodSpec, node: NodeID, in cluster: Cluster) -> Status {
        filter(spec, pods: cluster.usage[node.index].pods, in: cluster)
    }

    /// Filter against the host ports of `pods` (the node's pods, or a preemption what-if).
    static func filter(_ spec: PodSpec, pods: [PodID], in cluster: Cluster) -> Status {
        let wanted = hostPorts(spec)
        if wanted.isEmpty { return .success }
        for id in pods {
            for used in hostPorts(cluster.pods[id.index].spec) {
                if wanted.contains(where: { conflicts($0, used) }) {
                    return Status(.unschedulable, [reason])
                }
            }
        }
        return .success
    }
}
