import Testing
import ScaleLab

/// Issue 8 regression: YAML that fails to parse is an error naming the place, never "no
/// objects" or a silently shorter list (Yams.compose_all's sequence swallowed parse errors).
@Suite struct ManifestParseErrorTests {
    static let truncated = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: [web

        """

    @Test func truncatedYAMLIsAnError() throws {
        do {
            let objects = try ManifestDocuments.objects(yaml: Self.truncated, source: "hpa.yaml")
            Issue.record("expected an error, got \(objects.count) objects")
        } catch {
            #expect(error.description.hasPrefix("hpa.yaml: invalid YAML: "), "\(error)")
            #expect(error.description.contains("flow sequence"), "\(error)")
        }
    }

    @Test func aBrokenSecondDocumentIsNotDropped() throws {
        let text = SeedScenario.hpaYAML + "---\nkind: [\n"
        #expect(throws: ManifestError.self) {
            try ManifestDocuments.objects(yaml: text, source: "two.yaml")
        }
        #expect(try ManifestDocuments.objects(yaml: SeedScenario.hpaYAML, source: "one.yaml")
            .count == 1)
    }
}
