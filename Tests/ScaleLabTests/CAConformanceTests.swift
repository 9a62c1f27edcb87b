import Foundation
import Testing

@testable import ScaleLab

@Test func clusterAutoscalerVectorsAllPass() throws {
    let data = try Data(contentsOf: VectorFiles.url("ca_vectors.json"))
    let report = try Conformance.run(suite: "ca", data: data)
    #expect(report.failures == [], "\(report.failures.joined(separator: "\n"))")
    #expect(report.passed + report.skipped == 79)
    print("ca: \(report.summary)")
}
