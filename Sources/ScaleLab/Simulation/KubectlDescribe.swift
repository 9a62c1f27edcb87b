/// `kubectl describe` for nodes, pods and workloads: the sections of kubectl's describers
/// (k8s.io/kubectl pkg/describe/describe.go `describeNode`, `describePod`,
/// `describeDeployment`) that the model has data for, with their field names and layout.
extension ClusterSimulation {
    /// `kubectl describe node NAME`: labels, taints, unschedulable, the Ready condition,
    /// capacity, allocatable, the non-terminated pods and the allocated resources.
    public func describeNode(_ id: NodeID) -> String {
        let node = cluster.nodes[id.index]
        let usage = cluster.usage[id.index]
        var lines = ["Name:               \(node.name)"]
        lines += block("Labels:", node.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        lines += block("Taints:", node.taints.map {
            $0.value.isEmpty ? "\($0.key):\($0.effect)" : "\($0.key)=\($0.value):\($0.effect)"
        })
        lines.append("Unschedulable:      \(node.unschedulable)")
        let status: String
        switch node.readiness {
        case .ready: status = "True"
        case .notReady: status = "False"
        case .unknown: status = "Unknown"
        }
        lines.append("Conditions:")
        lines.append("  Type    Status")
        lines.append("  ----    ------")
        lines.append("  Ready   \(status)")
        lines.append("Capacity:")
        lines += resourceLines(node.capacity)
        lines.append("Allocatable:")
        lines += resourceLines(node.allocatable)
        lines.append("Non-terminated Pods:          (\(usage.pods.count) in total)")
        var rows = [["  Namespace", "Name", "CPU Requests", "Memory Requests", "Age"]]
        for pid in usage.pods {
            let pod = cluster.pods[pid.index]
            rows.append(["  " + pod.namespace, pod.name,
                         Quantity(milli: pod.requests.requests.milliCPU).description,
                         Quantity(bytes: pod.requests.requests.memory).description,
                         age(since: pod.creationTime)])
        }
        lines.append(TextTable.render(rows))
        lines.append("Allocated resources:")
        lines.append(TextTable.render([
            ["  Resource", "Requests"],
            ["  cpu", "\(Quantity(milli: usage.requested.milliCPU)) "
                + "(\(percent(usage.requested.milliCPU, node.allocatable.milliCPU))%)"],
            ["  memory", "\(Quantity(bytes: usage.requested.memory)) "
                + "(\(percent(usage.requested.memory, node.allocatable.memory))%)"],
            ["  pods", "\(usage.pods.count) (\(percent(Int64(usage.pods.count), node.allocatable.pods))%)"],
        ]))
        lines += eventLines(EventObject(kind: "Node", namespace: "", name: node.name))
        return lines.joined(separator: "\n")
    }

    /// `kubectl describe pod NAME`: node, start time, labels, status, conditions, requests,
    /// events.
    public func describePod(_ id: PodID) -> String {
        let pod = cluster.pods[id.index]
        var lines = ["Name:             \(pod.name)", "Namespace:        \(pod.namespace)"]
        lines.append("Node:             "
            + (pod.nodeID.map { cluster.nodes[$0.index].name } ?? "<none>"))
        if let start = pod.startTime {
            lines.append("Start Time:       \(SimTime(milliseconds: start))")
        }
        lines += block("Labels:", pod.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
                       width: 18)
        lines.append("Status:           \(statusText(of: id))")
        if let nominated = pod.nominatedNodeID {
            lines.append("NominatedNodeName:  \(cluster.nodes[nominated.index].name)")
        }
        lines.append("Requests:")
        lines.append("  cpu:     \(Quantity(milli: pod.requests.requests.milliCPU))")
        lines.append("  memory:  \(Quantity(bytes: pod.requests.requests.memory))")
        lines.append("Conditions:")
        var rows = [["  Type", "Status"]]
        for c in pod.conditions { rows.append(["  " + c.type, c.status]) }
        lines.append(TextTable.render(rows))
        lines += eventLines(EventObject(kind: "Pod", namespace: pod.namespace, name: pod.name))
        return lines.joined(separator: "\n")
    }

    /// `kubectl describe deployment NAME` (and the other kinds): selector, the Replicas line,
    /// pod template requests, events.
    public func describeWorkload(_ id: WorkloadID) -> String {
        let w = cluster.workloads[id.index]
        let s = status(of: id)
        let selector = w.selector.matchLabels.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        var lines = ["Name:                   \(w.name)", "Namespace:              \(w.namespace)",
                     "Kind:                   \(w.kind.rawValue)",
                     "Selector:               \(selector)"]
        switch w.kind {
        case .deployment:
            // describeDeployment: "%d desired | %d updated | %d total | %d available | %d unavailable"
            lines.append("Replicas:               \(s.desired) desired | \(s.updated) updated | "
                + "\(s.replicas) total | \(s.available) available | "
                + "\(max(s.replicas - s.available, 0)) unavailable")
        default:
            // describeReplicaSet / StatefulSet: "%d current / %d desired"
            lines.append("Replicas:               \(s.replicas) current / \(s.desired) desired")
        }
        let req = w.requests.requests
        lines.append("Pod Template:")
        lines.append("  Requests:")
        lines.append("    cpu:     \(Quantity(milli: req.milliCPU))")
        lines.append("    memory:  \(Quantity(bytes: req.memory))")
        lines += eventLines(EventObject(kind: w.kind.rawValue, namespace: w.namespace, name: w.name))
        return lines.joined(separator: "\n")
    }

    /// A labelled multi-line field (`Labels:  a=b` then indented lines), `<none>` when empty.
    func block(_ title: String, _ items: [String], width: Int = 20) -> [String] {
        let pad = String(repeating: " ", count: max(width - title.count, 1))
        guard let first = items.first else { return [title + pad + "<none>"] }
        return [title + pad + first]
            + items.dropFirst().map { String(repeating: " ", count: title.count + pad.count) + $0 }
    }

    /// `  cpu: 2` lines of a resource list.
    func resourceLines(_ r: ResourceList) -> [String] {
        ["  cpu:                \(Quantity(milli: r.milliCPU))",
         "  memory:             \(Quantity(bytes: r.memory))",
         "  pods:               \(r.pods)"]
    }

    /// kubectl's integer percentage (`int64(float64(req) / float64(alloc) * 100)`).
    func percent(_ part: Int64, _ whole: Int64) -> Int64 {
        whole == 0 ? 0 : Int64(Double(part) / Double(whole) * 100)
    }

    /// The `Events:` section (`<none>` when empty), as kubectl's DescribeEvents lays it out.
    func eventLines(_ object: EventObject) -> [String] {
        let records = kernel.events.records(for: object)
        if records.isEmpty { return ["Events:                 <none>"] }
        var rows = [["  Type", "Reason", "Age", "From", "Message"],
                    ["  ----", "------", "----", "----", "-------"]]
        for r in records {
            var ageText = (now - r.lastTimestamp).humanDescription
            if r.count > 1 {
                ageText += " (x\(r.count) over \((now - r.firstTimestamp).humanDescription))"
            }
            rows.append(["  " + r.type.rawValue, r.reason, ageText, r.source, r.message])
        }
        return ["Events:"] + TextTable.render(rows).split(separator: "\n").map(String.init)
    }
}
