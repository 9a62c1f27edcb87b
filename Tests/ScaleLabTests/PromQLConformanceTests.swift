import Foundation
import Testing

@testable import ScaleLab

/// The package root, found by walking up from this file.
private func packageRoot() -> URL {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url
        }
    }
    return url
}

/// The shared vectors, and further promqltest blocks (functions, aggregators, subqueries,
/// operators) transcribed by scripts/promqltest_to_vectors.py (see that file's `about`).
@Test(arguments: [("promql_vectors.json", 400), ("promql_extra_vectors.json", 250)])
func promqlConformanceVectorsAllPass(file name: String, atLeast: Int) throws {
    let file = packageRoot().appendingPathComponent("Tests/Vectors/\(name)")
    let report = try Conformance.run(suite: "promql", data: Data(contentsOf: file))
    for failure in report.failures { print(failure) }
    print("promql conformance \(name): \(report.summary)")
    #expect(report.failed == 0, "\(report.summary)")
    #expect(report.passed > atLeast)
}
