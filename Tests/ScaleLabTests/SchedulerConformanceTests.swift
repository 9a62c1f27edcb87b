import Foundation
import Testing
@testable import ScaleLab

/// Locates `Tests/Vectors/<name>` from this file.
func schedulerVectorURL(_ name: String) -> URL {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        let candidate = url.appendingPathComponent("Tests/Vectors/\(name)")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
    }
    return URL(fileURLWithPath: "Tests/Vectors/\(name)")
}

@Test func schedulerConformanceSuitePasses() throws {
    let data = try Data(contentsOf: schedulerVectorURL("scheduler_vectors.json"))
    let report = try Conformance.run(suite: "scheduler", data: data)
    for failure in report.failures { print(failure) }
    print(report.summary)
    #expect(report.failed == 0)
    #expect(report.passed >= 194)
    // The DefaultPreemption PostFilter cases run too: nothing is skipped.
    #expect(report.skipped == 0)
}

@Test func schedulerConformanceReportsAWrongExpectation() throws {
    let data = try Data(contentsOf: schedulerVectorURL("scheduler_vectors.json"))
    var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var vectors = try #require(root["vectors"] as? [[String: Any]])
    // sched-058 expects node1 to score 32 under LeastAllocated; claim 33 instead.
    let at = try #require(vectors.firstIndex { $0["id"] as? String == "sched-058" })
    vectors[at]["expected"] = ["scores": ["node1": 33, "node2": 63]]
    root["vectors"] = vectors
    let report = try Conformance.run(suite: "scheduler", data: try JSONSerialization.data(withJSONObject: root))
    #expect(report.failed == 1)
    #expect(report.failures.first?.hasPrefix("sched-058: node1: expected score 33, got 32") ?? false)
}
