import Foundation

/// Runs the HorizontalPodAutoscaler vectors (hpa_vectors.json, transcribed from Kubernetes'
/// replica_calculator_test.go, horizontal_test.go, defaults and validation tests) through the
/// engine's HPA code: the replica calculator, the stabilization and rate-limit functions, the
/// defaulting and validation, and full controller reconciles (HPAConformanceReconcile.swift).
enum HPAConformance {
    /// The evaluation instant of every vector; "zero-time" is Go's zero time.Time
    /// (0001-01-01), which is what the upstream tests use for unset times.
    static let now: Int64 = 1_700_000_000_000
    static let goZeroTime: Int64 = -62_135_596_800_000

    static func run(data: Data) throws -> ConformanceReport {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let vectors = root["vectors"] as? [[String: Any]]
        else { throw ConformanceError("hpa vectors: expected an object with 'vectors'") }
        var report = ConformanceReport()
        for vector in vectors {
            let id = vector["id"] as? String ?? "?"
            let category = vector["category"] as? String ?? ""
            let input = VectorValue(vector["inputs"])
            let expected = VectorValue(vector["expected"])
            do {
                let problems = try check(category: category, input: input, expected: expected)
                if problems.isEmpty {
                    report.passed += 1
                } else {
                    report.failures.append("\(id) (\(category)): "
                        + problems.joined(separator: "; "))
                }
            } catch {
                report.failures.append("\(id) (\(category)): \(error)")
            }
        }
        return report
    }

    static func check(category: String, input: VectorValue, expected: VectorValue) throws
        -> [String] {
        var checker = ExpectationChecker(expected: expected)
        switch category.split(separator: "/").first.map(String.init) ?? "" {
        case "replica_calculator", "integration":
            try HPAConformanceCalculator.check(input, &checker)
        case "controller":
            try HPAConformanceReconcile.check(input, &checker)
        case "behavior", "legacy", "docs":
            try HPAConformanceNormalization.check(input, &checker)
        case "defaults":
            try HPAConformanceNormalization.checkDefaults(input, &checker)
        case "validation":
            try HPAConformanceNormalization.checkValidation(input, &checker)
        default:
            throw ConformanceError("unknown category '\(category)'")
        }
        return checker.problems
    }

    /// A vector time: "zero-time", {"age_s": n} or null.
    static func time(_ value: VectorValue) -> Int64? {
        if value.isNull { return nil }
        if value.string == "zero-time" { return goZeroTime }
        return now - Int64((value["age_s"].double ?? 0) * 1000)
    }

    /// A vector pod (replica_calculator_test / horizontal_test harness shape).
    static func pod(_ value: VectorValue) -> HPAPod {
        var ready: HPAReadyCondition?
        if !value["ready_condition"].isNull {
            let status = ConditionStatus(rawValue: value["ready_condition"]["status"].string ?? "")
                ?? .unknown
            ready = HPAReadyCondition(
                status: status,
                lastTransitionTime: time(value["ready_condition"]["last_transition_time"])
                    ?? goZeroTime)
        }
        return HPAPod(
            name: value["name"].string ?? "",
            phase: HPAPodPhase(rawValue: value["phase"].string ?? "Running") ?? .unknown,
            ready: ready, startTime: time(value["start_time"]),
            deleting: value["deleting"].bool ?? false,
            containers: value["containers"].array.map(container),
            initContainers: value["init_containers"].array.map(container),
            podLevelRequestsMilli: value["pod_level_cpu_request_milli"].int64.map { ["cpu": $0] })
    }

    private static func container(_ value: VectorValue) -> HPAContainer {
        HPAContainer(name: value["name"].string ?? "",
                     requestsMilli: value["cpu_request_milli"].int64.map { ["cpu": $0] } ?? [:],
                     restartPolicyAlways: value["restartPolicy"].string == "Always")
    }

    static func resourceSample(_ value: VectorValue) -> PodResourceSample {
        var containers: [String: [String: Int64]] = [:]
        for (name, usage) in value["containers"].dictionary {
            containers[name] = ["cpu": usage.int64 ?? 0]
        }
        return PodResourceSample(pod: value["pod"].string ?? "",
                                 timestamp: time(value["timestamp"]) ?? goZeroTime,
                                 windowMs: Int64(value["window_s"].double ?? 0) * 1000,
                                 containers: containers)
    }

    static func podSample(_ value: VectorValue) -> PodMetricSample {
        PodMetricSample(valueMilli: value["value"].int64 ?? 0,
                        timestamp: time(value["timestamp"]) ?? goZeroTime,
                        windowMs: Int64(value["window_s"].double ?? 0) * 1000)
    }

    static func tolerances(_ value: VectorValue) -> HPATolerances {
        HPATolerances(scaleDown: value["scale_down"].double ?? 0.1,
                      scaleUp: value["scale_up"].double ?? 0.1)
    }

    static func timing(_ value: VectorValue) -> PodReadinessTiming {
        PodReadinessTiming(
            cpuInitializationPeriodMs: Int64(value["cpu_initialization_period_s"].double ?? 120)
                * 1000,
            initialReadinessDelayMs: Int64(value["delay_of_initial_readiness_status_s"].double
                                           ?? 10) * 1000)
    }
}

/// A JSON value of a vector with forgiving typed accessors.
struct VectorValue {
    let raw: Any?

    init(_ raw: Any?) { self.raw = raw }

    subscript(key: String) -> VectorValue { VectorValue((raw as? [String: Any])?[key]) }
    var isNull: Bool { raw == nil || raw is NSNull }
    var isPresent: Bool { !isNull }
    var string: String? { raw as? String }
    var bool: Bool? { raw as? Bool }
    var double: Double? { (raw as? NSNumber)?.doubleValue ?? (raw as? Double) }
    var int64: Int64? {
        if let number = raw as? NSNumber { return number.int64Value }
        return raw as? Int64
    }
    var int32: Int32? { int64.map { Int32(clamping: $0) } }
    var array: [VectorValue] { (raw as? [Any])?.map { VectorValue($0) } ?? [] }
    var dictionary: [(String, VectorValue)] {
        guard let dict = raw as? [String: Any] else { return [] }
        return dict.keys.sorted().map { ($0, VectorValue(dict[$0])) }
    }
    var hasKey: (String) -> Bool { { key in (raw as? [String: Any])?[key] != nil } }
}

/// Collects "field: expected X, got Y" lines for the expected fields a vector has.
struct ExpectationChecker {
    let expected: VectorValue
    var problems: [String] = []

    mutating func expect(_ field: String, _ got: String) {
        let want = expected[field]
        guard want.isPresent || expected.hasKey(field) else { return }
        let wantText = Self.text(want)
        if wantText != got { problems.append("\(field): expected \(wantText), got \(got)") }
    }

    mutating func fail(_ message: String) { problems.append(message) }

    static func text(_ value: VectorValue) -> String {
        if value.isNull { return "null" }
        if let string = value.string { return string }
        if let number = value.raw as? NSNumber {
            if let int = value.int64, Double(int) == number.doubleValue { return "\(int)" }
            return "\(number.doubleValue)"
        }
        if let list = value.raw as? [Any] {
            return "[" + list.map { text(VectorValue($0)) }.joined(separator: ", ") + "]"
        }
        return "\(value.raw ?? "null")"
    }
}
