import Foundation
import LuaKit
import ScaleLab

/// The cluster's HPA methods: `c:apply(manifest)`, `c:autoscale{...}`, `c:hpa(name)`,
/// `c:hpas()`, `c:hpa_controller{...}`.
extension ClusterMethods {
    /// Adds the HPA methods to the cluster type.
    static func hpaMethods(_ t: LuaUserdataType<LuaCluster>) -> LuaUserdataType<LuaCluster> {
        t.method(
            "apply", "(manifest: string|table|HPA): HPA|HPA[]",
            "applies a manifest file, YAML text or table (HPAs)"
        ) { c, call in try apply(c, call) }
            .method(
                "autoscale", "(opts: table): HPA",
                "kubectl autoscale {target, min, max, cpu | metrics, behavior, name}"
            ) { c, call in call.push(.object(try autoscale(c, call))) }
            .method(
                "hpa", "(name: string, namespace?: string): HPA?, string?",
                "the HPA, or nil and NotFound"
            ) { c, call in
                let name = try call.string(2)
                let namespace = try call.optionalString(3) ?? "default"
                guard let id = c.sim.hpa(named: name, namespace: namespace) else {
                    return call.push([.nil, .string("Error from server (NotFound): "
                        + "horizontalpodautoscalers.autoscaling \"\(name)\" not found")])
                }
                return call.push(.object(LuaHPA(cluster: c, id: id)))
            }
            .method("hpas", "(): HPA[]", "the live HPAs") { c, call in
                call.push(.table(LuaTable(array: c.sim.liveHPAs.map {
                    .object(LuaHPA(cluster: c, id: $0))
                })))
            }
            .method(
                "hpa_controller", "(opts?: table): table",
                "sets or reads the controller flags (sync_period, tolerance, ...)"
            ) { c, call in
                if !call.isNil(2) {
                    let o = try OptionTable(call, 2, context: "cluster:hpa_controller",
                                            allowed: HPAControllerOptions.keys)
                    try HPAControllerOptions.apply(o, to: c)
                }
                return call.push(HPAControllerOptions.table(c))
            }
    }

    /// `c:apply(x)`: `x` is a file path, YAML/JSON text (when it contains a newline), a Lua
    /// table in the manifest shape, or an `hpa.new` object. Every HPA is loaded (decoded,
    /// defaulted, validated) before any is created. A missing file is an expected failure
    /// (`nil, message`); invalid content raises.
    static func apply(_ c: LuaCluster, _ call: LuaCall) throws -> Int32 {
        var loaded: [HorizontalPodAutoscaler] = []
        switch call.value(2) {
        case .string(let text):
            let source: String
            let yaml: String
            if text.contains("\n") {
                source = "<yaml>"
                yaml = text
            } else {
                source = text
                guard let data = FileManager.default.contents(atPath: text) else {
                    let reason = FileManager.default.fileExists(atPath: text)
                        ? "cannot read it" : "No such file or directory"
                    return call.push([.nil, .string("cannot open \(text): \(reason)")])
                }
                guard let contents = String(data: data, encoding: .utf8) else {
                    // Invalid content raises, as every other bad manifest does.
                    throw LuaCallError.message("cluster:apply: \(text) is "
                        + UTF8Validation.describe(Array(data)))
                }
                yaml = contents
            }
            loaded = try loadHPAs(yaml: yaml, source: source)
        case .bytes(let bytes):
            let what = bytes.contains(0x0A) ? "the manifest text" : "the file name"
            throw LuaCallError.message("cluster:apply: \(what) is \(InvalidUTF8.describe(bytes))")
        case .table:
            loaded = [try HPAModule.object(call.value(2), source: "cluster:apply")]
        case .userdata(let ref):
            guard let h = ref.object(as: LuaHPA.self) else {
                throw LuaCallError.argument(index: 2, message: "a file name, YAML text, a "
                    + "manifest table or an HPA expected, got \(call.typeName(2))")
            }
            loaded = [h.object]
        default:
            throw LuaCallError.argument(index: 2, message: "a file name, YAML text, a manifest "
                + "table or an HPA expected, got \(call.typeName(2))")
        }
        var handles: [LuaValue] = []
        for hpa in loaded {
            var fresh = hpa
            fresh.status = HPAStatus()
            do {
                handles.append(.object(LuaHPA(cluster: c, id: try c.sim.addHPA(fresh))))
            } catch let e as ClusterError {
                throw LuaCallError.message("cluster:apply: \(e.description)")
            }
        }
        if handles.count == 1 { return call.push(handles[0]) }
        return call.push(.table(LuaTable(array: handles)))
    }

    /// Every object of a manifest, which must all be HPAs: another kind is an error naming
    /// the kind, the document and the file.
    static func loadHPAs(yaml: String, source: String) throws -> [HorizontalPodAutoscaler] {
        do {
            let objects = try ManifestDocuments.objects(yaml: yaml, source: source)
            if objects.isEmpty {
                throw LuaCallError.message("cluster:apply: \(source): no objects in the manifest")
            }
            var result: [HorizontalPodAutoscaler] = []
            for (index, object) in objects.enumerated() {
                let kind = object["kind"]?.text ?? ""
                guard kind == "HorizontalPodAutoscaler" else {
                    let shown = kind.isEmpty ? "no kind" : "kind \"\(kind)\""
                    throw LuaCallError.message("cluster:apply: \(source): object \(index + 1) has "
                        + "\(shown), which cannot be applied here (supported kinds: "
                        + "HorizontalPodAutoscaler)")
                }
                result.append(try HPAManifest.load(object: object, source: source))
            }
            return result
        } catch let e as ManifestError {
            throw LuaCallError.message("cluster:apply: \(e.description)")
        }
    }

    /// The option keys of `c:autoscale`.
    static let autoscaleKeys = ["target", "name", "namespace", "min", "max", "cpu", "metrics",
                                "behavior"]

    /// `c:autoscale{ target = app | "name", min = 1, max = 10, cpu = 50 | metrics = {...},
    /// behavior = {...}, name = target's name }`, like `kubectl autoscale deployment NAME
    /// --min --max --cpu-percent` (the HPA is named after its target). `metrics` and
    /// `behavior` are autoscaling/v2 tables (camelCase keys, as in YAML).
    static func autoscale(_ c: LuaCluster, _ call: LuaCall) throws -> LuaHPA {
        let o = try OptionTable(call, 2, context: "cluster:autoscale", allowed: autoscaleKeys)
        let namespace = try o.string("namespace") ?? "default"
        let target = try autoscaleTarget(c, o, namespace: namespace)
        let workload = c.sim.cluster.workloads[target.index]
        if o.has("cpu") && o.has("metrics") {
            throw o.bad("cpu", "give either cpu (a utilization percent) or metrics, not both")
        }
        guard let max = try o.integer("max") else { throw o.bad("max", "required") }
        typealias T = LuaManifestTables
        var spec: [(String, ManifestNode)] = [
            ("scaleTargetRef", T.mapping([
                ("apiVersion", T.scalar(workload.kind == .replicationController ? "v1" : "apps/v1",
                                        quoted: true)),
                ("kind", T.scalar(workload.kind.rawValue, quoted: true)),
                ("name", T.scalar(workload.name, quoted: true)),
            ])),
            ("maxReplicas", T.scalar(String(max))),
        ]
        if let min = try o.integer("min") { spec.append(("minReplicas", T.scalar(String(min)))) }
        do {
            if let cpu = try o.integer("cpu") {
                spec.append(("metrics", ManifestNode(kind: .sequence, items: [T.mapping([
                    ("type", T.scalar("Resource", quoted: true)),
                    ("resource", T.mapping([
                        ("name", T.scalar("cpu", quoted: true)),
                        ("target", T.mapping([
                            ("type", T.scalar("Utilization", quoted: true)),
                            ("averageUtilization", T.scalar(String(cpu))),
                        ])),
                    ])),
                ])])))
            } else if let metrics = o.fields["metrics"] {
                spec.append(("metrics", try T.node(metrics, path: "spec.metrics")))
            }
            if let behavior = o.fields["behavior"] {
                spec.append(("behavior", try T.node(behavior, path: "spec.behavior")))
            }
        } catch let failure as LuaManifestTables.Failure {
            throw LuaCallError.message("cluster:autoscale: \(failure.message)")
        }
        let name = try o.string("name") ?? workload.name
        let object = T.mapping([
            ("apiVersion", T.scalar("autoscaling/v2", quoted: true)),
            ("kind", T.scalar("HorizontalPodAutoscaler", quoted: true)),
            ("metadata", T.mapping([("name", T.scalar(name, quoted: true)),
                                    ("namespace", T.scalar(namespace, quoted: true))])),
            ("spec", T.mapping(spec)),
        ])
        do {
            let hpa = try HPAManifest.load(object: object, source: "cluster:autoscale")
            return LuaHPA(cluster: c, id: try c.sim.addHPA(hpa))
        } catch let e as ManifestError {
            throw LuaCallError.message(e.description)
        } catch let e as ClusterError {
            throw LuaCallError.message("cluster:autoscale: \(e.description)")
        }
    }

    /// The workload `target` names: a workload userdata, or a name looked up as a
    /// Deployment, then StatefulSet, ReplicaSet, ReplicationController.
    static func autoscaleTarget(_ c: LuaCluster, _ o: OptionTable, namespace: String) throws
        -> WorkloadID {
        switch o.fields["target"] {
        case .userdata(let ref)?:
            guard let w = ref.object(as: LuaWorkload.self) else {
                throw o.bad("target", "a workload or a workload name expected")
            }
            guard w.cluster === c else {
                throw o.bad("target", "the workload is in another cluster")
            }
            return w.id
        case .string(let name)?:
            for kind in [WorkloadKind.deployment, .statefulSet, .replicaSet,
                         .replicationController] {
                if let id = c.sim.cluster.workload(named: name, kind: kind, namespace: namespace) {
                    return id
                }
            }
            // kubectl autoscale deployment NAME on a missing deployment.
            throw LuaCallError.message("cluster:autoscale: Error from server (NotFound): "
                + "deployments.apps \"\(name)\" not found")
        case nil:
            throw o.bad("target", "required")
        case let value?:
            throw o.bad("target", "a workload or a workload name expected, got \(value.typeName)")
        }
    }
}
