// Utilization of a node's Dynamic Resource Allocation devices: the busiest pool.
// Upstream: cluster-autoscaler/simulator/dynamicresources/utils/utilization.go
// (HighestDynamicResourceUtilization, calculatePoolUtil) — the provisional rule for pools
// without shared counters: allocated devices / devices in the pool.

/// A device named by driver, pool and device name.
public struct DRADeviceID: Sendable, Hashable {
    /// The DRA driver, e.g. `gpu.nvidia.com`.
    public var driver: String
    /// The pool within the driver.
    public var pool: String
    /// The device name within the pool.
    public var device: String

    /// Creates a device id.
    public init(driver: String, pool: String, device: String) {
        self.driver = driver
        self.pool = pool
        self.device = device
    }
}

/// One ResourceSlice local to a node.
public struct DRAResourceSlice: Sendable, Equatable {
    /// The driver.
    public var driver: String
    /// The pool.
    public var pool: String
    /// The pool's generation this slice belongs to.
    public var generation: Int64
    /// How many slices the pool has in this generation (`ResourceSliceCount`).
    public var resourceSliceCount: Int
    /// The device names in this slice.
    public var devices: [String]

    /// Creates a slice.
    public init(
        driver: String, pool: String, generation: Int64 = 0, resourceSliceCount: Int = 1,
        devices: [String]
    ) {
        self.driver = driver
        self.pool = pool
        self.generation = generation
        self.resourceSliceCount = resourceSliceCount
        self.devices = devices
    }
}

/// DRA pool utilization.
public enum DRAUtilization {
    /// The busiest pool as `driver/pool` and its utilization. Ties go to the later pool (Go
    /// uses `>=` over a map; here pools are visited in name order so runs are reproducible).
    /// A pool whose newest generation has fewer slices than it announces is an error.
    public static func highest(slices: [DRAResourceSlice], pods: [UtilizationPod])
        throws -> (String, Double)
    {
        var pools: [String: [DRAResourceSlice]] = [:]
        for slice in slices {
            pools["\(slice.driver)/\(slice.pool)", default: []].append(slice)
        }
        var allocated = Set<DRADeviceID>()
        for pod in pods { allocated.formUnion(pod.allocatedDevices) }
        var bestName = ""
        var best = 0.0
        for name in pools.keys.sorted() {
            guard let poolSlices = pools[name] else { continue }
            let newest = poolSlices.map(\.generation).max() ?? 0
            let current = poolSlices.filter { $0.generation == newest }
            let announced = current.map(\.resourceSliceCount).max() ?? 0
            if current.count < announced {
                throw UtilizationError(description: "pool \(name) is incomplete: generation "
                    + "\(newest) has \(current.count) of \(announced) ResourceSlices")
            }
            var total = 0
            var used = 0
            for slice in current {
                for device in slice.devices {
                    total += 1
                    let id = DRADeviceID(driver: slice.driver, pool: slice.pool, device: device)
                    if allocated.contains(id) { used += 1 }
                }
            }
            let util = total == 0 ? 0 : Double(used) / Double(total)
            if util >= best {
                best = util
                bestName = name
            }
        }
        return (bestName, best)
    }
}
