import Foundation
import Testing

@testable import ScaleLab

@Test func quantityVectorsAllPass() throws {
    let data = try Data(contentsOf: VectorFiles.url("quantity_vectors.json"))
    let report = try Conformance.run(suite: "quantity", data: data)
    #expect(report.failures == [], "\(report.failures.joined(separator: "\n"))")
    #expect(report.passed == 274)
}
