import Yams

/// The Kubernetes manifests that run a sweep script's shards on a cluster
/// (`scalelab sweep.lua --emit-job --shards N --image IMG`): a ConfigMap holding the script
/// and an Indexed Job (batch/v1, `completionMode: Indexed`) of N completions. Kubernetes gives
/// each pod its index in the `JOB_COMPLETION_INDEX` environment variable (0 … N−1), and the
/// pod runs `scalelab /sweep/<script> --shard $((JOB_COMPLETION_INDEX+1))/N`, printing its
/// JSON lines on stdout. Collect them with `kubectl logs` and combine with `scalelab merge`.
public struct SweepJobManifest: Sendable {
    /// The script's file name (the ConfigMap key and the path under /sweep).
    public var scriptName: String
    /// The script's text.
    public var script: String
    /// Number of shards (completions and parallelism).
    public var shards: Int
    /// The container image with `scalelab` on its PATH.
    public var image: String
    /// Arguments for the script after the shard options.
    public var scriptArguments: [String]

    /// A manifest; `shards` must be at least 1.
    public init(scriptName: String, script: String, shards: Int, image: String,
                scriptArguments: [String] = []) throws {
        guard shards >= 1 else { throw ReportError("--shards must be at least 1, got \(shards)") }
        self.scriptName = scriptName
        self.script = script
        self.shards = shards
        self.image = image
        self.scriptArguments = scriptArguments
    }

    /// The Job's and ConfigMap's name: `scalelab-sweep-<script>`, a DNS-1123 label (lower
    /// case alphanumerics and '-', at most 63 characters; Indexed Job pods add a suffix, so it
    /// is kept shorter).
    public var name: String {
        let stem = scriptName.split(separator: "/").last.map(String.init) ?? scriptName
        let base = stem.hasSuffix(".lua") ? String(stem.dropLast(4)) : stem
        var cleaned = String(base.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
            .filter { $0.isASCII })
        while cleaned.contains("--") { cleaned = cleaned.replacingOccurrences(of: "--", with: "-") }
        cleaned = String(cleaned.drop { $0 == "-" })
        let name = String(("scalelab-sweep-" + cleaned).prefix(48))
        return String(name.reversed().drop { $0 == "-" }.reversed())
    }

    /// The ConfigMap key (a valid key: alphanumerics, '-', '_', '.').
    var key: String {
        let stem = scriptName.split(separator: "/").last.map(String.init) ?? "sweep.lua"
        let key = String(stem.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        return key.isEmpty ? "sweep.lua" : key
    }

    /// `/bin/sh -c` command of each pod: shell arithmetic turns the 0-based index into the
    /// 1-based shard.
    var command: String {
        let args = scriptArguments.map { " '" + $0.replacingOccurrences(of: "'", with: "'\\''")
            + "'" }.joined()
        return "exec scalelab /sweep/\(key) --shard \"$((JOB_COMPLETION_INDEX + 1))/\(shards)\""
            + args
    }

    private static func s(_ text: String, _ style: Yams.Node.Scalar.Style = .any) -> Yams.Node {
        .scalar(Yams.Node.Scalar(text, .implicit, style))
    }

    private static func n(_ value: Int) -> Yams.Node { .scalar(Yams.Node.Scalar(String(value))) }

    private static func map(_ pairs: [(String, Yams.Node)]) -> Yams.Node {
        .mapping(Yams.Node.Mapping(pairs.map { (s($0.0), $0.1) }))
    }

    /// Both manifests as one multi-document YAML stream (ConfigMap first: the Job's pods
    /// mount it).
    public func yaml() throws -> String {
        let labels = Self.map([("app.kubernetes.io/name", Self.s("scalelab")),
                               ("app.kubernetes.io/component", Self.s("sweep"))])
        let configMap = Self.map([
            ("apiVersion", Self.s("v1")), ("kind", Self.s("ConfigMap")),
            ("metadata", Self.map([("name", Self.s(name)), ("labels", labels)])),
            ("data", Self.map([(key, Self.s(script, .literal))])),
        ])
        let container = Self.map([
            ("name", Self.s("scalelab")), ("image", Self.s(image)),
            ("command", .sequence(Yams.Node.Sequence([Self.s("/bin/sh"), Self.s("-c")]))),
            ("args", .sequence(Yams.Node.Sequence([Self.s(command)]))),
            ("volumeMounts", .sequence(Yams.Node.Sequence([Self.map([
                ("name", Self.s("script")), ("mountPath", Self.s("/sweep")),
                ("readOnly", Self.s("true")),
            ])]))),
        ])
        let job = Self.map([
            ("apiVersion", Self.s("batch/v1")), ("kind", Self.s("Job")),
            ("metadata", Self.map([("name", Self.s(name)), ("labels", labels)])),
            ("spec", Self.map([
                ("completionMode", Self.s("Indexed")),
                ("completions", Self.n(shards)),
                ("parallelism", Self.n(shards)),
                ("template", Self.map([
                    ("metadata", Self.map([("labels", labels)])),
                    ("spec", Self.map([
                        ("restartPolicy", Self.s("Never")),
                        ("containers", .sequence(Yams.Node.Sequence([container]))),
                        ("volumes", .sequence(Yams.Node.Sequence([Self.map([
                            ("name", Self.s("script")),
                            ("configMap", Self.map([("name", Self.s(name))])),
                        ])]))),
                    ])),
                ])),
            ])),
        ])
        let header = """
            # \(scriptName) as a Kubernetes Indexed Job: \(shards) pod(s), pod i runs shard i+1.
            # kubectl apply -f job.yaml && kubectl wait --for=condition=complete job/\(name)
            # kubectl logs -l job-name=\(name) --tail=-1 \\
            #   --max-log-requests=\(max(shards, 5)) > results.jsonl
            # scalelab merge results.jsonl

            """
        return header + (try Yams.serialize(nodes: [configMap, job], explicitStart: true))
    }
}
