import Foundation
import Testing
@testable import ScaleLab

@Test(.enabled(if: ProcessInfo.processInfo.environment["SCALELAB_PROFILE"] != nil))
func placementProfile() throws {
    print(try Benchmarks.placement(nodes: 1_000, pods: 30_000))
}
