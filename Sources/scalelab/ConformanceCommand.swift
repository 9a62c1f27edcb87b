import Foundation
import ScaleLab

/// `scalelab conformance <suite> FILE.json`: runs one conformance suite over a vector file,
/// prints one line per failing vector, then the summary (`N passed, N failed[, N skipped]`).
enum ConformanceCommand {
    /// The known suites, for messages.
    static var suiteList: String { Conformance.suites.joined(separator: ", ") }

    /// Runs the suite and returns the exit status: 0 when nothing failed, 1 otherwise
    /// (also for a missing file or an unknown suite, with a message on stderr).
    static func run(suite: String, path: String) -> Int32 {
        guard Conformance.suites.contains(suite) else {
            StandardStreams.writeError(
                "scalelab: unknown conformance suite '\(suite)' (known: \(suiteList))\n")
            return 1
        }
        let data: Data
        do {
            data = Data(try ChunkSource.readBytes(path: path))
        } catch {
            StandardStreams.writeError("scalelab: \(error)\n")
            return 1
        }
        let report: ConformanceReport
        do {
            report = try Conformance.run(suite: suite, data: data)
        } catch {
            StandardStreams.writeError("scalelab: \(path): \(error)\n")
            return 1
        }
        for failure in report.failures {
            StandardStreams.write(failure + "\n")
        }
        StandardStreams.write(report.summary + "\n")
        return report.failed == 0 ? 0 : 1
    }
}
