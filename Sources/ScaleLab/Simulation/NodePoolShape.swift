extension NodeResources {
    /// The scheduler's resource list for these resources (cpu millicores, memory bytes, pods).
    public var resourceList: ResourceList {
        ResourceList(milliCPU: milliCPU, memory: memoryBytes, pods: Int64(pods))
    }
}

extension NodePool {
    /// A pool of `shape` nodes: allocatable and capacity come from the provider profile's
    /// reservations (`NodeShape.compute`), and the instance-type label from the shape.
    public init(
        name: String, shape: NodeShape, count: Int, min: Int? = nil, max: Int? = nil,
        zones: [String] = [], labels: [String: String] = [:], taints: [Taint] = []
    ) {
        self.init(
            name: name, instanceType: shape.instanceType.name, count: count, min: min, max: max,
            zones: zones, labels: labels, taints: taints,
            allocatable: shape.allocatable.resourceList, capacity: shape.capacity.resourceList)
    }
}
