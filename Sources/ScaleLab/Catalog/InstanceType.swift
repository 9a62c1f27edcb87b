/// The cloud an instance type comes from (`instances.json`'s `provider`), or `custom` for a
/// type the user defines.
public enum CloudProvider: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Amazon EC2 (EKS nodes).
    case aws
    /// Google Compute Engine (GKE nodes).
    case gcp
    /// Azure virtual machines (AKS nodes).
    case azure
    /// A user-defined machine.
    case custom

    /// The raw name (`aws`, `gcp`, `azure`, `custom`).
    public var description: String { rawValue }
}

/// A machine shape: vCPU, memory, on-demand price and, for AWS, the ENI limits that set EKS's
/// max pods. Built-in rows come from `Catalog/instances.json` with their sources and dates.
public struct InstanceType: Hashable, Sendable, CustomStringConvertible {
    /// The cloud, or `custom`.
    public var provider: CloudProvider
    /// The type name, e.g. `m5.large`, `n1-standard-2`, `Standard_D4s_v5`.
    public var name: String
    /// vCPUs in millicores (2 vCPU = 2000).
    public var milliCPU: Int64
    /// Memory in bytes (instance memory as the cloud lists it, before any VM overhead).
    public var memoryBytes: Int64
    /// On-demand Linux price in USD per hour, when known.
    public var pricePerHour: Double?
    /// The date the price was taken (`2026-07-20`).
    public var priceDate: String?
    /// The region the price is for (`us-east-1`).
    public var region: String?
    /// The operating system the price is for.
    public var os: String
    /// The EKS ENI-limited max pods (`ENIs × (IPv4 per ENI − 1) + 2`), or a user-set limit.
    public var maxPods: Int?
    /// AWS: network interfaces of the default network card.
    public var enis: Int?
    /// AWS: IPv4 addresses per network interface.
    public var ipv4PerENI: Int?
    /// Where the numbers come from.
    public var source: String
    /// Caveats (e.g. shared-core billing).
    public var notes: String?

    /// Creates an instance type.
    public init(
        provider: CloudProvider, name: String, milliCPU: Int64, memoryBytes: Int64,
        pricePerHour: Double? = nil, priceDate: String? = nil, region: String? = nil,
        os: String = "linux", maxPods: Int? = nil, enis: Int? = nil, ipv4PerENI: Int? = nil,
        source: String = "user-defined", notes: String? = nil
    ) {
        self.provider = provider
        self.name = name
        self.milliCPU = milliCPU
        self.memoryBytes = memoryBytes
        self.pricePerHour = pricePerHour
        self.priceDate = priceDate
        self.region = region
        self.os = os
        self.maxPods = maxPods
        self.enis = enis
        self.ipv4PerENI = ipv4PerENI
        self.source = source
        self.notes = notes
    }

    /// vCPUs as a number (2000m → 2.0).
    public var vcpu: Double { Double(milliCPU) / 1_000 }

    /// Memory in GiB.
    public var memoryGiB: Double { Double(memoryBytes) / 1_073_741_824 }

    /// Memory in MiB, rounded down.
    public var memoryMiB: Int64 { memoryBytes / 1_048_576 }

    /// `m5.large (aws): 2 vCPU, 8Gi, $0.096/h`.
    public var description: String {
        let cpu = Quantity(milli: milliCPU)
        let memory = Quantity(bytes: memoryBytes)
        let price = pricePerHour.map { ", $\($0)/h" } ?? ""
        return "\(name) (\(provider)): \(cpu) vCPU, \(memory)\(price)"
    }
}
