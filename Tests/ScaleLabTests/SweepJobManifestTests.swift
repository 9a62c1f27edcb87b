import Testing
import Yams

@testable import ScaleLab

/// `--emit-job`'s manifests parse as YAML and carry batch/v1's real field names.
@Suite struct SweepJobManifestTests {
    @Test func theManifestsParseWithTheRealFieldNames() throws {
        let script = "-- a sweep\nprint(sim.sweep{ })\n  indented: not yaml\n"
        let m = try SweepJobManifest(scriptName: "dir/My Sweep.lua", script: script, shards: 3,
                                     image: "scalelab:test", scriptArguments: ["it's"])
        #expect(m.name == "scalelab-sweep-my-sweep")
        let docs = try Array(Yams.load_all(yaml: try m.yaml()))
        #expect(docs.count == 2)
        let configMap = try #require(docs[0] as? [String: Any])
        #expect(configMap["kind"] as? String == "ConfigMap")
        let data = try #require(configMap["data"] as? [String: String])
        #expect(data["My_Sweep.lua"] == script)
        let job = try #require(docs[1] as? [String: Any])
        #expect(job["apiVersion"] as? String == "batch/v1")
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        #expect(spec["completions"] as? Int == 3 && spec["parallelism"] as? Int == 3)
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        #expect(pod["restartPolicy"] as? String == "Never")
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        #expect(container["image"] as? String == "scalelab:test")
        #expect(container["args"] as? [String] == [
            "exec scalelab /sweep/My_Sweep.lua --shard \"$((JOB_COMPLETION_INDEX + 1))/3\""
                + " 'it'\\''s'",
        ])
        let volume = try #require((pod["volumes"] as? [[String: Any]])?.first)
        #expect((volume["configMap"] as? [String: Any])?["name"] as? String == m.name)
        #expect(throws: ReportError.self) {
            try SweepJobManifest(scriptName: "x.lua", script: "", shards: 0, image: "i")
        }
    }
}
