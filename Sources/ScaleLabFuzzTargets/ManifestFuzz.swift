import ScaleLab

/// The HPA manifest loader (`c:apply` of YAML or JSON text): documents, `kind: List`,
/// decoding, defaulting and validation. What loads is created in the seed cluster, which then
/// runs for two simulated minutes, so the controller reconciles the fuzzed spec.
enum ManifestFuzz {
    /// The seed scenario, built once; each input runs on its own copy.
    static let seed: ClusterSimulation? = try? SeedScenario.build()

    @Sendable static func run(_ bytes: [UInt8]) {
        let text = fuzzText(bytes)
        _ = try? ManifestDocuments.objects(yaml: text, source: "fuzz.yaml")
        guard let hpas = try? HPAManifest.load(yaml: text, source: "fuzz.yaml") else { return }
        for hpa in hpas {
            _ = hpa.name
        }
        guard var sim = seed else { return }
        for hpa in hpas {
            _ = try? sim.addHPA(hpa)
        }
        _ = sim.run(for: .minutes(2))
    }
}
