import Dispatch
import Foundation
import Synchronization

/// A stop request shared by the coordinating thread and the workers.
public final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A flag that is not set.
    public init() {}

    /// Asks every worker to stop.
    public func set() { flag.store(true, ordering: .relaxed) }

    /// Whether a stop was asked for.
    public var isSet: Bool { flag.load(ordering: .relaxed) }
}

/// Runs independent jobs on worker threads while the calling thread stays free to poll for
/// Ctrl-C and draw progress.
///
/// Threading model (docs/ARCHITECTURE.md "Parallel runs"): the caller prepares every job's
/// input (for scalelab, on the Lua thread), each job is a pure function of its index that
/// touches only its own value-type simulation, workers take indices from one atomic counter,
/// and each result lands in the slot of its index. Results therefore do not depend on the
/// number of threads or on which thread ran what. The calling thread never runs a job: it
/// waits in slices of `pollInterval`, calling `poll` (which may set the stop flag) between
/// slices, so a stop is seen within one slice plus the jobs' own polling of the flag.
public enum ParallelRuns {
    /// The number of threads to use by default: one per active processor.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `job(i)` for `i` in `0..<count` on `threads` worker threads. `poll(done)` runs on
    /// the calling thread every `pollInterval` with the number of finished jobs. After a stop,
    /// jobs not yet started are skipped (their slots are nil) and running ones see
    /// `stop.isSet`.
    public static func run<Result: Sendable>(
        count: Int, threads: Int, stop: StopFlag,
        pollInterval: DispatchTimeInterval = .milliseconds(50),
        poll: (Int) -> Void = { _ in },
        job: @escaping @Sendable (Int) -> Result
    ) -> [Result?] {
        guard count > 0 else { return [] }
        let group = DispatchGroup()
        let workers = max(1, min(threads, count))
        let shared = Shared<Result>(count: count)
        for _ in 0..<workers {
            group.enter()
            DispatchQueue.global().async {
                while !stop.isSet {
                    let i = shared.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < count else { break }
                    let result = job(i)
                    shared.slots.withLock { $0[i] = result }
                    shared.done.wrappingAdd(1, ordering: .relaxed)
                }
                group.leave()
            }
        }
        while group.wait(timeout: .now() + pollInterval) == .timedOut {
            poll(shared.done.load(ordering: .relaxed))
        }
        poll(shared.done.load(ordering: .relaxed))
        return shared.slots.withLock { $0 }
    }

    /// The state workers share (a class so the atomics and the mutex have a stable address).
    private final class Shared<Result: Sendable>: Sendable {
        let next: Atomic<Int>
        let done: Atomic<Int>
        let slots: Mutex<[Result?]>
        init(count: Int) {
            next = Atomic(0)
            done = Atomic(0)
            slots = Mutex(Array(repeating: nil, count: count))
        }
    }
}
