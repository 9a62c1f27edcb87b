import Foundation
import Testing

@testable import ScaleLab

@Test func hpaConformanceVectorsAllPass() throws {
    let data = try Data(contentsOf: VectorFiles.url("hpa_vectors.json"))
    let report = try Conformance.run(suite: "hpa", data: data)
    for failure in report.failures { print(failure) }
    #expect(report.failures == [])
    #expect(report.passed == 180)
}
