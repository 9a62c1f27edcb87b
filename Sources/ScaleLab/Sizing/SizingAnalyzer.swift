/// The node-size analysis of node-sizing.md §9 over a `Cluster` as it stands: a comparison
/// option just scheduled, or a running simulation at any moment.
public enum Sizing {
    /// Analyzes `cluster`. `shapes` gives the node shape of each instance type (the
    /// `node.kubernetes.io/instance-type` label) for the reservation breakdown and prices;
    /// nodes of an unknown type are counted from their own capacity and allocatable, and make
    /// the cost unknown. `profile` is the scheduler profile the failure simulation uses.
    public static func analyze(
        _ cluster: Cluster, shapes: [String: NodeShape], settings: SizingSettings = .init(),
        label: String? = nil
    ) -> SizingReport {
        analyze(cluster, shapes: shapes, settings: settings, label: label,
                blastRadius: blastRadius(cluster, profile: settings.schedulerProfile))
    }

    /// `analyze` with the blast radius already found (`blastRadius(cluster, profile:)`).
    static func analyze(
        _ cluster: Cluster, shapes: [String: NodeShape], settings: SizingSettings,
        label: String?, blastRadius: BlastRadius?
    ) -> SizingReport {
        let live = cluster.liveNodes
        var typeCounts: [(type: String, count: Int)] = []
        var shapeCounts: [(shape: NodeShape, count: Int)] = []
        for id in live {
            let type = cluster.nodes[id.index].labels[WellKnownLabels.instanceType] ?? "(unknown)"
            if let at = typeCounts.firstIndex(where: { $0.type == type }) {
                typeCounts[at].count += 1
            } else {
                typeCounts.append((type, 1))
            }
            if let shape = shapes[type] {
                if let at = shapeCounts.firstIndex(where: { $0.shape == shape }) {
                    shapeCounts[at].count += 1
                } else {
                    shapeCounts.append((shape, 1))
                }
            }
        }
        let text = label ?? typeCounts.map { "\($0.count)x \($0.type)" }.joined(separator: " + ")
        var report = SizingReport(label: text, nodes: live.count, nodeTypes: typeCounts)
        accountResources(cluster, live: live, shapes: shapes, into: &report)
        let podShapes = countPods(cluster, into: &report)
        findStranded(cluster, live: live, podShapes: podShapes, into: &report)
        findBinding(cluster, live: live, settings: settings, into: &report)
        report.effectiveReplication = effectiveReplication(cluster)
        report.blastRadius = blastRadius
        scalingAndCost(cluster, live: live, shapes: shapes, settings: settings, into: &report)
        report.controlPlane = ControlPlaneSizing(
            nodes: live.count, pods: report.podsTotal + report.daemonSetPods,
            mostPodsOnANode: report.mostPodsOnANode)
        report.podCIDR = shapeCounts.count == typeCounts.count
            ? PodCIDRNeeds.compute(nodes: shapeCounts) : nil
        report.warnings = warnings(report)
        return report
    }

    /// Machine → capacity → allocatable → requests, per node (node-sizing.md §2.1:
    /// `Allocatable = Capacity − kube-reserved − system-reserved − eviction-threshold`).
    static func accountResources(_ cluster: Cluster, live: [NodeID], shapes: [String: NodeShape],
                                 into report: inout SizingReport) {
        var smallestSlots = Int.max
        var recommended = Int.max
        for id in live {
            let node = cluster.nodes[id.index]
            let shape = node.labels[WellKnownLabels.instanceType].flatMap { shapes[$0] }
            let cap = node.capacity, alloc = node.allocatable
            let r = shape?.reservations ?? NodeReservations()
            let machineCPU = shape?.instanceType.milliCPU ?? cap.milliCPU
            let machineMemory = shape?.instanceType.memoryBytes ?? cap.memory
            report.cpu.machine += machineCPU
            report.cpu.capacityGap += machineCPU - cap.milliCPU
            report.cpu.systemReserved += r.systemReservedMilliCPU
            report.cpu.kubeReserved += cap.milliCPU - alloc.milliCPU - r.systemReservedMilliCPU
            report.memory.machine += machineMemory
            report.memory.capacityGap += machineMemory - cap.memory
            report.memory.systemReserved += r.systemReservedMemoryBytes
            report.memory.eviction += r.evictionHardMemoryBytes
            report.memory.kubeReserved += cap.memory - alloc.memory
                - r.systemReservedMemoryBytes - r.evictionHardMemoryBytes
            var daemonCPU: Int64 = 0, daemonMemory: Int64 = 0, daemonPods = 0
            for pod in cluster.usage[id.index].pods where cluster.pods[pod.index].daemonSet != nil {
                daemonCPU += cluster.pods[pod.index].requests.requests.milliCPU
                daemonMemory += cluster.pods[pod.index].requests.requests.memory
                daemonPods += 1
            }
            let requested = cluster.usage[id.index].requested
            report.cpu.daemonSets += daemonCPU
            report.cpu.pods += requested.milliCPU - daemonCPU
            report.cpu.unused += alloc.milliCPU - requested.milliCPU
            report.memory.daemonSets += daemonMemory
            report.memory.pods += requested.memory - daemonMemory
            report.memory.unused += alloc.memory - requested.memory
            report.podSlots += Int(alloc.pods)
            report.daemonSetPods += daemonPods
            report.mostPodsOnANode = max(report.mostPodsOnANode, cluster.usage[id.index].pods.count)
            smallestSlots = min(smallestSlots, Int(alloc.pods))
            // SIG-scalability thresholds.md: "#Pods per node = min(110, 10 × #cores)".
            let cores = Int(cap.milliCPU / 1_000)
            recommended = min(recommended, min(110, 10 * max(cores, 1)))
        }
        report.maxPodsPerNode = smallestSlots == .max ? 0 : smallestSlots
        report.recommendedPodsPerNode = recommended == .max ? 110 : recommended
    }

    /// Counts the workload pods (every active pod that is not a DaemonSet's) and returns their
    /// distinct request shapes.
    static func countPods(_ cluster: Cluster, into report: inout SizingReport) -> [ResourceList] {
        var shapes = Set<ResourceList>()
        // Replicas come in runs of one shape: hash a shape only when it changes.
        var last: ResourceList?
        cluster.forEachPod { pod in
            guard pod.pointee.isActive else { return }
            if pod.pointee.daemonSet != nil {
                if pod.pointee.nodeID == nil { report.daemonSetPodsPending += 1 }
                return
            }
            if pod.pointee.nodeID == nil {
                report.podsPending += 1
            } else {
                report.podsScheduled += 1
            }
            if pod.pointee.requests.requests != last {
                last = pod.pointee.requests.requests
                shapes.insert(pod.pointee.requests.requests)
            }
        }
        return Array(shapes)
    }

    /// Stranded capacity (node-sizing.md §9 item 9): on a node where no workload pod fits any
    /// more (not enough of some resource, or no pod slot), the free CPU and memory can be used
    /// by no pod: learnk8s' fragmentation example (0.25 GB left on each 1 GB node).
    static func findStranded(_ cluster: Cluster, live: [NodeID], podShapes: [ResourceList],
                             into report: inout SizingReport) {
        guard !podShapes.isEmpty else { return }
        let args = NodeResourcesFitArgs()
        for id in live {
            let node = cluster.nodes[id.index], usage = cluster.usage[id.index]
            let fitsAny = podShapes.contains {
                NodeResourcesFit.fitsRequest($0, podCount: usage.pods.count, node: node,
                                             usage: usage, args: args).isEmpty
            }
            if fitsAny {
                report.headroomNodes += 1
            } else {
                report.strandedCPU += max(0, node.allocatable.milliCPU - usage.requested.milliCPU)
                report.strandedMemory += max(0, node.allocatable.memory - usage.requested.memory)
            }
        }
    }

    /// The binding resource: with pods Pending, the resource NodeResourcesFit most often
    /// reports missing for them (`Insufficient cpu`, `Insufficient memory`, `Too many pods`);
    /// otherwise the resource with the highest requested share of allocatable.
    static func findBinding(_ cluster: Cluster, live: [NodeID], settings: SizingSettings,
                            into report: inout SizingReport) {
        var pendingShapes: [ResourceList: Int] = [:]
        cluster.forEachPod { pod in
            if pod.pointee.isActive && pod.pointee.daemonSet == nil && pod.pointee.nodeID == nil {
                pendingShapes[pod.pointee.requests.requests, default: 0] += 1
            }
        }
        let args = settings.schedulerProfile.fit
        for (shape, count) in pendingShapes {
            for id in live {
                let usage = cluster.usage[id.index]
                for lack in NodeResourcesFit.fitsRequest(
                    shape, podCount: usage.pods.count, node: cluster.nodes[id.index],
                    usage: usage, args: args)
                {
                    report.pendingReasons[lack.resource, default: 0] += count
                }
            }
        }
        let order = [ResourceName.pods, ResourceName.memory, ResourceName.cpu]
        if let top = report.pendingReasons.max(by: { a, b in
            a.value != b.value ? a.value < b.value
                : (order.firstIndex(of: a.key) ?? 9) > (order.firstIndex(of: b.key) ?? 9)
        }) {
            report.binding = top.key
            return
        }
        let shares: [(String, Double)] = [
            (ResourceName.cpu, percent(report.cpu.pods + report.cpu.daemonSets,
                                       of: report.cpu.allocatable)),
            (ResourceName.memory, percent(report.memory.pods + report.memory.daemonSets,
                                          of: report.memory.allocatable)),
            (ResourceName.pods, percent(Int64(report.podsScheduled + report.daemonSetPods),
                                        of: Int64(report.podSlots))),
        ]
        report.binding = shares.max { $0.1 < $1.1 }?.0 ?? ResourceName.cpu
    }

    /// Effective replication (learnk8s: "5 replicas, but only 2 nodes → effective degree of
    /// replication is reduced to 2"), read from the actual placement: the distinct nodes that
    /// hold each workload's bound pods, and the most on one node.
    static func effectiveReplication(_ cluster: Cluster)
        -> [(name: String, replicas: Int, nodes: Int, maxPerNode: Int)] {
        // Pods of each workload per node, one flat table (workload-major).
        let nodeCount = cluster.nodes.count
        var perNode = [Int32](repeating: 0, count: cluster.workloads.count * nodeCount)
        cluster.forEachPod { pod in
            guard pod.pointee.isActive, let owner = pod.pointee.owner,
                  let node = pod.pointee.nodeID else { return }
            perNode[owner.index * nodeCount + node.index] += 1
        }
        return cluster.workloads.map { w in
            let counts = perNode[w.id.index * nodeCount ..< (w.id.index + 1) * nodeCount]
            return (w.name, w.replicas, counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) },
                    Int(counts.max() ?? 0))
        }
    }
}
