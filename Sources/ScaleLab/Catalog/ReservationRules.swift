/// The providers' reservation formulas, each beside its source (node-sizing.md §2–§3).
/// Memory is in bytes, CPU in millicores. Fractions of a byte or millicore are dropped.
enum ReservationRules {
    static let mib: Int64 = 1_048_576
    static let gib: Int64 = 1_073_741_824

    /// GKE/EKS kube-reserved CPU: 6% of the first core, 1% of the next core (up to 2), 0.5% of
    /// the next 2 cores (up to 4), 0.25% of any cores above 4.
    /// amazon-eks-ami bootstrap.sh `get_cpu_millicores_to_reserve` and nodeadm
    /// internal/kubelet/config.go: ranges 0/1000/2000/4000/total with weights 600/100/50/25
    /// per 10000, "We are using these CPU ranges from GKE"; learnk8s allocatable article.
    static func tieredCPU(milliCPU: Int64) -> Int64 {
        let ranges: [(start: Int64, end: Int64, weight: Int64)] = [
            (0, 1_000, 600), (1_000, 2_000, 100), (2_000, 4_000, 50), (4_000, Int64.max, 25),
        ]
        var reserved: Int64 = 0
        for range in ranges where milliCPU > range.start {
            reserved += (min(milliCPU, range.end) - range.start) * range.weight / 10_000
        }
        return reserved
    }

    /// GKE (and AKS before 1.29) kube-reserved memory: 255 MiB below 1 GiB (GKE only), else 25%
    /// of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112 and 2%
    /// above 128 GiB (GKE cluster-architecture docs via learnk8s; AKS
    /// node-resource-reservations.md for < 1.29).
    static func tieredMemory(bytes: Int64, smallMachineFloor: Bool) -> Int64 {
        if smallMachineFloor && bytes < gib { return 255 * mib }
        let tiers: [(upTo: Int64, percent: Int64)] = [
            (4 * gib, 25), (8 * gib, 20), (16 * gib, 10), (128 * gib, 6), (Int64.max, 2),
        ]
        var reserved: Int64 = 0
        var start: Int64 = 0
        for tier in tiers where bytes > start {
            reserved += (min(bytes, tier.upTo) - start) * tier.percent / 100
            start = tier.upTo
        }
        return reserved
    }

    /// EKS kube-reserved memory: `11 × maxPods + 255` MiB (amazon-eks-ami bootstrap.sh
    /// `get_memory_mebibytes_to_reserve`; nodeadm `getMemoryMebibytesToReserve`; Karpenter
    /// types.go `(11*pods)+255`).
    static func eksMemory(maxPods: Int) -> Int64 { (11 * Int64(maxPods) + 255) * mib }

    /// AKS kube-reserved CPU (node-resource-reservations.md table: 1 core 60m, 2 → 100m,
    /// 4 → 140m, 8 → 180m, 16 → 260m, 32 → 420m, 64 → 740m). From 4 cores on, every table
    /// entry equals 100m + 10m per core; other core counts use that line [inferred], and
    /// 3 cores sit between 2 and 4 (120m).
    static func aksCPU(milliCPU: Int64) -> Int64 {
        if milliCPU <= 1_000 { return 60 }
        if milliCPU <= 2_000 { return 60 + (milliCPU - 1_000) * 40 / 1_000 }
        if milliCPU <= 4_000 { return 100 + (milliCPU - 2_000) * 20 / 1_000 }
        return 100 + milliCPU / 100
    }

    /// AKS ≥ 1.29 kube-reserved memory: `min(20MB × maxPods + 50MB, 25% of memory)`. The AKS
    /// doc writes MB but means MiB (its 8 GB / 30 pods example gives 650 MB).
    static func aksMemory(maxPods: Int, bytes: Int64) -> Int64 {
        min((20 * Int64(maxPods) + 50) * mib, bytes / 4)
    }

    /// Hard eviction threshold `memory.available`: 100Mi on GKE, EKS and AKS ≥ 1.29 (kubelet
    /// default; bootstrap.sh evictionHard), 750Mi on AKS before 1.29.
    static func evictionHard(_ profile: NodeProfile) -> Int64 {
        switch profile.provider {
        case .none: return 0
        case .aks where profile.aksLegacyReservations: return 750 * mib
        default: return 100 * mib
        }
    }

    /// Memory the Linux kernel keeps on a GCE VM (cluster-autoscaler
    /// cloudprovider/gce/gce_reserved.go `CalculateKernelReserved`, COS on amd64):
    /// mem/64 + 16MiB, + 64MiB swiotlb above 3GiB, + 8MiB at or below 8GiB,
    /// + min(0.00175 × mem, 248MiB) for COS.
    static func gceKernelReserved(bytes: Int64) -> Int64 {
        var reserved = bytes / 64 + 16 * mib
        if bytes > 3 * gib { reserved += 64 * mib }
        if bytes <= 8 * gib { reserved += 8 * mib }
        reserved += min(bytes * 175 / 100_000, 248 * mib)
        return reserved
    }

    /// Karpenter types.go `memory()`: capacity loses `ceil(MiB × overhead)` MiB to the VM.
    static func vmOverhead(bytes: Int64, percent: Double) -> Int64 {
        let mebibytes = Double(bytes / mib)
        return Int64((mebibytes * percent).rounded(.up)) * mib
    }

    /// The EKS recommended cap (max-pods-calculator.sh): 110 up to 30 vCPU, else 250.
    static func eksRecommendedCap(milliCPU: Int64) -> Int { milliCPU > 30_000 ? 250 : 110 }

    /// GKE pod range per node (kube-up config-common.sh `get-alias-range-size`): the smallest
    /// `pow` with 2^pow ≥ 2 × maxPods gives a /(32 − pow).
    static func podCIDRPrefixLength(maxPods: Int) -> Int {
        var pow = 0
        while (1 << pow) < 2 * maxPods { pow += 1 }
        return 32 - pow
    }
}
