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

@Test func promqlConformanceVectorsAllPass() throws {
    let file = packageRoot().appendingPathComponent("Tests/Vectors/promql_vectors.json")
    let report = try Conformance.run(suite: "promql", data: Data(contentsOf: file))
    for failure in report.failures { print(failure) }
    print("promql conformance: \(report.summary)")
    #expect(report.failed == 0, "\(report.summary)")
    #expect(report.passed > 400)
}
