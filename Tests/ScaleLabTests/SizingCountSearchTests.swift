import Testing

@testable import ScaleLab

/// The node-count search (`Sizing.smallestAccepted`): for a monotone test it finds the
/// smallest accepted count whatever the guess, and `evaluateEach` gives the same results on
/// one thread as on several.

/// Every start, answer and guess: the answer, and never a count tried twice.
@Test func smallestAcceptedFindsTheThresholdWhateverTheGuess() {
    for start in [1, 5] {
        for answer in start...40 {
            for guess in [nil, 1, answer - 1, answer, answer + 1, answer + 17, 100] as [Int?] {
                var tried: [Int] = []
                let r = Sizing.smallestAccepted(from: start, limit: 60, guess: guess) { n in
                    tried.append(n)
                    return n >= answer ? .accepted(n) : .rejected(step: 1, reason: "short")
                }
                #expect(r.accepted?.count == answer, "start \(start) guess \(String(describing: guess))")
                #expect(Set(tried).count == tried.count)
            }
        }
    }
    let none = Sizing.smallestAccepted(from: 3, limit: 9) { _ -> Sizing.CountProbe<Int> in
        .rejected(step: 2, reason: "never")
    }
    #expect(none.accepted == nil && none.rejected?.count == 9)
}

/// Shared searches and threads change nothing: the same counts, costs and blast radii on one
/// thread and on four, for types that share a search (m5.large, m6i.large) and types that
/// do not.
@Test func evaluateEachIsTheSameOnAnyNumberOfThreads() throws {
    let mib: Int64 = 1_048_576
    let workloads = [
        SizingWorkload(name: "web", replicas: 60, milliCPU: 250, memory: 256 * mib),
        SizingWorkload(name: "db", replicas: 6, milliCPU: 1_000, memory: 2_048 * mib),
    ]
    let daemonSets = [SizingDaemonSet(name: "logging", milliCPU: 100, memory: 128 * mib)]
    let options = try ["m5.large", "m6i.large", "t3.medium", "m5.xlarge", "t3.nano"].map {
        SizingOption(shape: try NodeShape.compute(try InstanceCatalog.builtIn.find($0),
                                                  profile: .eks), count: nil)
    }
    func run(_ threads: Int) -> [String] {
        Sizing.evaluateEach(options, workloads: workloads, daemonSets: daemonSets,
                            settings: SizingSettings(), threads: threads).map { result in
            switch result {
            case .success(let o):
                return "\(o.option.label) \(o.report.podsPending) \(o.report.cost?.perMonth ?? -1) "
                    + "\(o.report.blastRadius?.podsLost ?? -1)"
            case .failure(let e): return "\(e)"
            }
        }
    }
    let one = run(1)
    #expect(one == run(4))
    // Each searched count is the scheduler's own minimum: one node fewer leaves pods Pending.
    for (option, line) in zip(options, one) where !line.contains("does not fit") {
        let count = try #require(Int(line.prefix { $0 != "x" }))
        let fewer = try Sizing.build(SizingOption(shape: option.pools[0].shape, count: count - 1),
                                     workloads: workloads, daemonSets: daemonSets,
                                     settings: SizingSettings())
        #expect(Sizing.pendingWorkloadPods(fewer) > 0, "\(line)")
    }
    #expect(one.last?.contains("does not fit a t3.nano node") == true)
}
