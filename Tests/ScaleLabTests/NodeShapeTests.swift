import Testing

@testable import ScaleLab

private let mib: Int64 = 1_048_576
private let gib: Int64 = 1_073_741_824

private func shape(_ name: String, _ profile: NodeProfile) throws -> NodeShape {
    try NodeShape.compute(InstanceCatalog.builtIn.find(name), profile: profile)
}

private func machine(vcpu: Int64, gib memory: Int64) -> InstanceType {
    InstanceType(provider: .custom, name: "m", milliCPU: vcpu * 1000, memoryBytes: memory * gib)
}

/// learnk8s allocatable article, n1-standard-2 on GKE: 70m CPU, 1.7 GB memory kube-reserved;
/// with its 100m/100MB for the OS and 100MB eviction, 170m CPU reserved and ~5.6 of 7.5 GB left.
@Test func gkeN1Standard2() throws {
    var profile = NodeProfile.gke
    var s = try shape("n1-standard-2", profile)
    #expect(s.reservations.kubeReservedMilliCPU == 70)
    #expect(abs(Double(s.reservations.kubeReservedMemoryBytes) / Double(gib) - 1.7) < 1e-6)
    #expect(s.reservations.evictionHardMemoryBytes == 100 * mib)
    #expect(s.allocatable.pods == 110 && s.podCIDRPrefixLength == 24)
    profile.systemReserved = .init(milliCPU: 100, memoryBytes: 100 * mib)
    s = try NodeShape.compute(s.instanceType, profile: profile)
    #expect(s.capacity.milliCPU - s.allocatable.milliCPU == 170)
    #expect(abs(Double(s.allocatable.memoryBytes) / Double(gib) - 5.6) < 0.05)
}

/// Karpenter instance-types.md: m5.large/m6i.large 1930m, 6903Mi, 29 pods; t3.micro 1930m,
/// 548Mi, 4 pods; m7i.48xlarge 191450m, 718987Mi, 737 pods.
@Test(arguments: [
    ("m5.large", Int64(1930), Int64(6903), 29), ("m6i.large", 1930, 6903, 29),
    ("t3.micro", 1930, 548, 4), ("m7i.48xlarge", 191_450, 718_987, 737),
])
func karpenterAllocatable(name: String, cpu: Int64, memoryMiB: Int64, pods: Int) throws {
    let s = try shape(name, .karpenter)
    #expect(s.allocatable.milliCPU == cpu)
    #expect(s.allocatable.memoryBytes == memoryMiB * mib)
    #expect(s.allocatable.pods == pods)
}

@Test func m5LargeBreakdown() throws {
    let s = try shape("m5.large", .karpenter)
    #expect(s.reservations.vmOverheadMemoryBytes == 615 * mib)
    #expect(s.capacity.memoryBytes == 7577 * mib)
    #expect(s.reservations.kubeReservedMemoryBytes == 574 * mib)
    #expect(Quantity(bytes: s.allocatable.memoryBytes).description == "6903Mi")
}

/// AKS node-resource-reservations.md (≥ 1.29): 8 GB and 30 pods → 650 MB; 4 GB and 70 pods →
/// 25% (1000 MB, less than 1450 MB).
@Test func aks129MemoryExamples() throws {
    var profile = NodeProfile.aks
    profile.network = .azureCNI
    let s = try NodeShape.compute(machine(vcpu: 2, gib: 8), profile: profile)
    #expect(s.allocatable.pods == 30)
    #expect(s.reservations.kubeReservedMemoryBytes == 650 * mib)
    #expect(s.allocatable.memoryBytes == 8 * gib - 750 * mib)
    profile.maxPods = 70
    let small = try NodeShape.compute(machine(vcpu: 2, gib: 4), profile: profile)
    #expect(small.reservations.kubeReservedMemoryBytes == gib)
}

/// AKS < 1.29 doc example: 7 GB → 0.75 + 1 + 0.6 = 2.35 GB, with a 750Mi hard eviction.
@Test func aksLegacyExample() throws {
    var profile = NodeProfile.aks
    profile.aksLegacyReservations = true
    let s = try NodeShape.compute(machine(vcpu: 2, gib: 7), profile: profile)
    #expect(s.reservations.kubeReservedMemoryBytes == gib + 3 * gib * 20 / 100)
    let total = s.reservations.kubeReservedMemoryBytes + s.reservations.evictionHardMemoryBytes
    #expect(abs(Double(total) / Double(gib) - 2.35) < 0.02)  // the doc counts 750Mi as 0.75 GB
    #expect(s.reservations.evictionHardMemoryBytes == 750 * mib)
}

/// node-sizing.md §2.5 (memory = nominal GiB; no system-reserved; no DaemonSets).
/// The AKS < 1.29 percentages of the table count 750Mi as 0.75 GiB; they are checked to 0.3pp.
private struct Row: Sendable {
    var vcpu: Int64, gib: Int64, eksType: String
    var gkeCPU: Int64, gkeMem: Double, gkePct: Double
    var eksPods: Int, eksMemMiB: Int64, eksPct: Double, eksVMPct: Double
    var aksCPU: Int64?, aksLegacyMem: Double, aksLegacyPct: Double
    var aks30MiB: Int64, aks30Pct: Double, aks250MiB: Int64, aks250Pct: Double
}

private let table: [Row] = [
    Row(vcpu: 2, gib: 8, eksType: "m5.large", gkeCPU: 70, gkeMem: 1.80, gkePct: 76.3,
        eksPods: 29, eksMemMiB: 574, eksPct: 91.8, eksVMPct: 84.3, aksCPU: 100,
        aksLegacyMem: 1.80, aksLegacyPct: 68.1, aks30MiB: 650, aks30Pct: 90.8,
        aks250MiB: 2048, aks250Pct: 73.8),
    Row(vcpu: 4, gib: 16, eksType: "m5.xlarge", gkeCPU: 80, gkeMem: 2.60, gkePct: 83.1,
        eksPods: 58, eksMemMiB: 893, eksPct: 93.9, eksVMPct: 86.4, aksCPU: 140,
        aksLegacyMem: 2.60, aksLegacyPct: 79.1, aks30MiB: 650, aks30Pct: 95.4,
        aks250MiB: 4096, aks250Pct: 74.4),
    Row(vcpu: 8, gib: 32, eksType: "m5.2xlarge", gkeCPU: 90, gkeMem: 3.56, gkePct: 88.6,
        eksPods: 58, eksMemMiB: 893, eksPct: 97.0, eksVMPct: 89.5, aksCPU: 180,
        aksLegacyMem: 3.56, aksLegacyPct: 86.5, aks30MiB: 650, aks30Pct: 97.7,
        aks250MiB: 5050, aks250Pct: 84.3),
    Row(vcpu: 16, gib: 64, eksType: "m5.4xlarge", gkeCPU: 110, gkeMem: 5.48, gkePct: 91.3,
        eksPods: 234, eksMemMiB: 2829, eksPct: 95.5, eksVMPct: 88.0, aksCPU: 260,
        aksLegacyMem: 5.48, aksLegacyPct: 90.3, aks30MiB: 650, aks30Pct: 98.9,
        aks250MiB: 5050, aks250Pct: 92.1),
    Row(vcpu: 32, gib: 128, eksType: "m5.8xlarge", gkeCPU: 150, gkeMem: 9.32, gkePct: 92.6,
        eksPods: 234, eksMemMiB: 2829, eksPct: 97.8, eksVMPct: 90.3, aksCPU: 420,
        aksLegacyMem: 9.32, aksLegacyPct: 92.1, aks30MiB: 650, aks30Pct: 99.4,
        aks250MiB: 5050, aks250Pct: 96.1),
    Row(vcpu: 64, gib: 256, eksType: "m5.16xlarge", gkeCPU: 230, gkeMem: 11.88, gkePct: 95.3,
        eksPods: 737, eksMemMiB: 8362, eksPct: 96.8, eksVMPct: 89.3, aksCPU: 740,
        aksLegacyMem: 11.88, aksLegacyPct: 95.1, aks30MiB: 650, aks30Pct: 99.7,
        aks250MiB: 5050, aks250Pct: 98.0),
    Row(vcpu: 96, gib: 384, eksType: "m5.24xlarge", gkeCPU: 310, gkeMem: 14.44, gkePct: 96.2,
        eksPods: 737, eksMemMiB: 8362, eksPct: 97.8, eksVMPct: 90.3, aksCPU: nil,
        aksLegacyMem: 14.44, aksLegacyPct: 96.0, aks30MiB: 650, aks30Pct: 99.8,
        aks250MiB: 5050, aks250Pct: 98.7),
]

private func pct(_ s: NodeShape) -> Double { s.allocatableMemoryFraction * 100 }
private func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
private func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }

@Test(arguments: table)
private func workedComparison(row: Row) throws {
    let m = machine(vcpu: row.vcpu, gib: row.gib)
    let gke = try NodeShape.compute(m, profile: .gke)
    #expect(gke.reservations.kubeReservedMilliCPU == row.gkeCPU)
    #expect(round2(Double(gke.reservations.kubeReservedMemoryBytes) / Double(gib)) == row.gkeMem)
    #expect(round1(pct(gke)) == row.gkePct)

    let eks = try shape(row.eksType, .eks)
    #expect(eks.allocatable.pods == row.eksPods)
    #expect(eks.reservations.kubeReservedMemoryBytes == row.eksMemMiB * mib)
    #expect(round1(pct(eks)) == row.eksPct)
    #expect(round1(pct(try shape(row.eksType, .karpenter))) == row.eksVMPct)

    var legacy = NodeProfile.aks
    legacy.aksLegacyReservations = true
    let aksOld = try NodeShape.compute(m, profile: legacy)
    if let cpu = row.aksCPU { #expect(aksOld.reservations.kubeReservedMilliCPU == cpu) }
    #expect(round2(Double(aksOld.reservations.kubeReservedMemoryBytes) / Double(gib))
        == row.aksLegacyMem)
    #expect(abs(pct(aksOld) - row.aksLegacyPct) < 0.3)

    var aks = NodeProfile.aks
    aks.maxPods = 30
    let aks30 = try NodeShape.compute(m, profile: aks)
    #expect(aks30.reservations.kubeReservedMemoryBytes == row.aks30MiB * mib)
    #expect(round1(pct(aks30)) == row.aks30Pct)
    aks.maxPods = 250
    let aks250 = try NodeShape.compute(m, profile: aks)
    #expect(aks250.reservations.kubeReservedMemoryBytes == row.aks250MiB * mib)
    #expect(round1(pct(aks250)) == row.aks250Pct)
}

@Test func maxPodsDefaultsPerProviderAndNetwork() throws {
    let m5 = try InstanceCatalog.builtIn.find("m5.16xlarge")
    var eks = NodeProfile.eks
    #expect(try NodeShape.maxPods(m5, profile: eks) == 737)
    eks.network = .eniRecommended
    #expect(try NodeShape.maxPods(m5, profile: eks) == 250)
    #expect(try NodeShape.maxPods(InstanceCatalog.builtIn.find("m5.4xlarge"), profile: eks) == 110)
    eks.network = .prefixDelegation
    #expect(try NodeShape.maxPods(InstanceCatalog.builtIn.find("m5.large"), profile: eks) == 110)
    #expect(try NodeShape.maxPods(InstanceCatalog.builtIn.find("t2.medium"), profile: .eks) == 17)
    var aks = NodeProfile.aks
    #expect(try NodeShape.maxPods(m5, profile: aks) == 250)
    for (network, pods) in [(NodeProfile.Network.azureCNI, 30), (.kubenet, 110),
                            (.azureCNIPodSubnet, 110)] {
        aks.network = network
        #expect(try NodeShape.maxPods(m5, profile: aks) == pods)
    }
    var gke = NodeProfile.gke
    gke.maxPods = 32
    #expect(try NodeShape.compute(m5, profile: gke).podCIDRPrefixLength == 26)
    gke.maxPods = 8
    #expect(try NodeShape.compute(m5, profile: gke).podCIDRPrefixLength == 28)
    gke.maxPods = 300
    #expect(throws: NodeProfileError.self) { try NodeShape.compute(m5, profile: gke) }
    #expect(try NodeShape.maxPods(m5, profile: .none) == 110)
}

@Test func explicitReservationsAndNone() throws {
    // Reserve Compute Resources doc: 32Gi / 16 CPU, kube-reserved cpu=1 mem=2Gi,
    // system-reserved cpu=500m mem=1Gi, eviction 500Mi → 14.5 CPU and "28.5Gi" (the doc rounds:
    // 32Gi − 3Gi − 500Mi is 29196Mi).
    var profile = NodeProfile.none
    profile.kubeReserved = .init(milliCPU: 1000, memoryBytes: 2 * gib)
    profile.systemReserved = .init(milliCPU: 500, memoryBytes: gib)
    profile.evictionHardMemoryBytes = 500 * mib
    let s = try NodeShape.compute(machine(vcpu: 16, gib: 32), profile: profile)
    #expect(s.allocatable.milliCPU == 14_500)
    #expect(Quantity(bytes: s.allocatable.memoryBytes).description == "29196Mi")
    let raw = try NodeShape.compute(machine(vcpu: 2, gib: 4), profile: .none)
    #expect(raw.allocatable == raw.capacity)
}

@Test func gkeKernelReserveLowersCapacity() throws {
    var profile = NodeProfile.gke
    profile.kernelReserve = true
    let s = try shape("n1-standard-2", profile)
    // 7680Mi/64 + 16Mi + 64Mi (> 3Gi) + 8Mi (≤ 8Gi) + 0.175% (13.44Mi)
    let want = 7680 * mib / 64 + 88 * mib + 7680 * mib * 175 / 100_000
    #expect(s.reservations.kernelMemoryBytes == want)
    #expect(s.capacity.memoryBytes == 7680 * mib - want)
}
