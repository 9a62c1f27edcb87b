import Foundation
import Testing

@testable import ScaleLab

/// One row of Sources/ScaleLab/Catalog/instances.json.
private struct Row: Decodable {
    var provider: String
    var name: String
    var vcpu: Double
    var memory_gib: Double
    var price_hour_usd: Double?
    var price_date: String?
    var region: String?
    var os: String
    var max_pods: Int?
    var enis: Int?
    var ipv4_per_eni: Int?
    var source: String
    var eni_source: String?
    var notes: String?
}

@Test func generatedFileMatchesJSON() throws {
    var dir = URL(fileURLWithPath: #filePath)
    while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path)
    {
        dir = dir.deletingLastPathComponent()
    }
    let url = dir.appendingPathComponent("Sources/ScaleLab/Catalog/instances.json")
    let rows = try JSONDecoder().decode([Row].self, from: Data(contentsOf: url))
    let types = InstanceCatalog.builtIn.types
    #expect(rows.count == types.count, "run scripts/gen-catalog")
    for (row, type) in zip(rows, types) {
        let want = InstanceType(
            provider: CloudProvider(rawValue: row.provider) ?? .custom, name: row.name,
            milliCPU: Int64(row.vcpu * 1000), memoryBytes: Int64(row.memory_gib * 1_073_741_824),
            pricePerHour: row.price_hour_usd, priceDate: row.price_date, region: row.region,
            os: row.os, maxPods: row.max_pods, enis: row.enis, ipv4PerENI: row.ipv4_per_eni,
            source: row.source + (row.eni_source.map { "; ENIs: " + $0 } ?? ""), notes: row.notes)
        #expect(type == want, "run scripts/gen-catalog: \(row.name) differs")
    }
}

@Test func builtInCatalogHasTheReferenceRows() throws {
    let catalog = InstanceCatalog.builtIn
    #expect(catalog.list(provider: .aws).count == 81)
    #expect(catalog.list(provider: .gcp).count == 24)
    #expect(catalog.list(provider: .azure).count == 30)
    let m5 = try catalog.find("m5.large")
    #expect(m5.milliCPU == 2000 && m5.memoryMiB == 8192 && m5.maxPods == 29)
    #expect(m5.pricePerHour == 0.096 && m5.priceDate == "2026-07-20" && m5.region == "us-east-1")
    #expect(try catalog.find("t2.medium").maxPods == 17)
    #expect(try catalog.find("n1-standard-2").memoryMiB == 7680)
    #expect(try catalog.find("standard_d4s_v5").name == "Standard_D4s_v5")
    // ENI data reproduces the ENI formula for every AWS row.
    for type in catalog.list(provider: .aws) {
        let enis = try #require(type.enis), ips = try #require(type.ipv4PerENI)
        #expect(type.maxPods == enis * (ips - 1) + 2)
    }
}

@Test func unknownNamesSuggestNearMatches() {
    #expect {
        try InstanceCatalog.builtIn.find("m5.larg")
    } throws: { error in
        let e = error as? CatalogError
        return e?.suggestions.first == "m5.large"
            && e?.message.hasPrefix("unknown instance type \"m5.larg\" (did you mean \"m5.large\"")
                == true
    }
    #expect(throws: CatalogError.self) { try InstanceCatalog.builtIn.find("zzzzzzzzzzzz") }
}

@Test func userDefinedTypes() throws {
    var catalog = InstanceCatalog.builtIn
    try catalog.define(
        name: "onprem-64", cpu: Quantity(parsing: "64"), memory: Quantity(parsing: "256Gi"),
        pricePerHour: 1.2, maxPods: 250)
    let t = try catalog.find("onprem-64")
    #expect(t.milliCPU == 64_000 && t.memoryBytes == 256 << 30 && t.maxPods == 250)
    #expect(t.provider == .custom && t.source == "user-defined")
    #expect(!InstanceCatalog.builtIn.contains("onprem-64"))
    #expect(throws: CatalogError.self) {
        try catalog.define(name: "m5.large", cpu: Quantity(2), memory: Quantity(bytes: 1 << 30))
    }
    #expect(throws: CatalogError.self) {
        try catalog.define(name: "zero", cpu: Quantity(0), memory: Quantity(bytes: 1 << 30))
    }
}
