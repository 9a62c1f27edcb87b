import Foundation
import LuaKit
import ScaleLab

/// The `load` module: traffic model constructors. Each takes positional arguments or one
/// strict option table with the same names (`load.ramp(5, 60, "5m", "10m")` is
/// `load.ramp{ from = 5, to = 60, start = "5m", duration = "10m" }`); rates are requests/s,
/// times are Go durations or seconds. The global `load` is also callable as Lua's own `load`
/// (ScaleLabLua.open gives it a `__call` to the standard function).
enum LoadModule {
    /// What a parameter holds.
    enum Kind: Sendable { case rate, number, duration, traffic, seed }

    /// One parameter: name, kind, default (nil: required).
    struct Param: Sendable {
        let name: String
        let kind: Kind
        let fallback: Value?
        init(_ name: String, _ kind: Kind, _ fallback: Value? = nil) {
            self.name = name
            self.kind = kind
            self.fallback = fallback
        }
    }

    /// One constructor: name, a one-line description (for `help`), parameters, and the model
    /// built from the values read.
    struct Constructor: Sendable {
        let name: String
        let help: String
        let params: [Param]
        let build: @Sendable ([String: Value]) throws -> TrafficModel
        init(_ name: String, _ help: String, _ params: [Param],
             build: @escaping @Sendable ([String: Value]) throws -> TrafficModel) {
            self.name = name
            self.help = help
            self.params = params
            self.build = build
        }

        /// `(from: number, to: number, start?: string|number, ...): Traffic` for `help()`.
        var signature: String {
            "(" + params.map { p in
                let type: String
                switch p.kind {
                case .rate, .number: type = "number"
                case .duration: type = "string|number"
                case .traffic: type = "Traffic|number"
                case .seed: type = "integer"
                }
                return "\(p.name)\(p.fallback == nil ? "" : "?"): \(type)"
            }.joined(separator: ", ") + "): Traffic"
        }
    }

    static let constructors: [Constructor] = [
        Constructor("constant", "a constant rate: load.constant(rate)", [Param("rate", .rate)]) {
            .constant($0.rate("rate"))
        },
        Constructor("step", "from, then to after at: load.step(from, to, at)",
                    [Param("from", .rate), Param("to", .rate), Param("at", .duration)]) {
            .step(before: $0.rate("from"), after: $0.rate("to"), atMs: $0.ms("at"))
        },
        Constructor("ramp", "linear from → to over duration: load.ramp(from, to, start, duration)",
                    [Param("from", .rate), Param("to", .rate), Param("start", .duration, .ms(0)),
                     Param("duration", .duration)]) {
            .ramp(from: $0.rate("from"), to: $0.rate("to"), startMs: $0.ms("start"),
                  durationMs: $0.ms("duration"))
        },
        Constructor("spike", "peak during [at, at+duration): load.spike(base, peak, at, duration)",
                    [Param("base", .rate), Param("peak", .rate), Param("at", .duration),
                     Param("duration", .duration)]) {
            .spike(base: $0.rate("base"), peak: $0.rate("peak"), atMs: $0.ms("at"),
                   durationMs: $0.ms("duration"))
        },
        Constructor("sine", "mean + amplitude·sin(2π(t−phase)/period): load.sine(mean, amplitude,"
                        + " period, phase)",
                    [Param("mean", .rate), Param("amplitude", .rate), Param("period", .duration),
                     Param("phase", .duration, .ms(0))]) {
            .sine(mean: $0.rate("mean"), amplitude: $0.rate("amplitude"),
                  periodMs: $0.ms("period"), phaseMs: $0.ms("phase"))
        },
        Constructor("diurnal", "a 24h sine peaking at peak_hour: load.diurnal(mean, amplitude,"
                        + " peak_hour)",
                    [Param("mean", .rate), Param("amplitude", .rate),
                     Param("peak_hour", .number, .number(14))]) {
            let hour = $0.number("peak_hour")
            guard (0...24).contains(hour) else {
                throw LuaCallError.message("bad option 'peak_hour' in load.diurnal (0 to 24 "
                    + "expected, got \(hour))")
            }
            return .diurnal(mean: $0.rate("mean"), amplitude: $0.rate("amplitude"),
                            peakHour: hour)
        },
        Constructor("poisson", "Poisson arrivals around mean: load.poisson(mean, seed, bucket)",
                    [Param("mean", .traffic), Param("seed", .seed, .seed(1)),
                     Param("bucket", .duration, .ms(1_000))]) {
            .poisson(mean: $0.traffic("mean"), seed: $0.seed("seed"), bucketMs: $0.ms("bucket"))
        },
        Constructor("gaussian", "base·(1 + stddev·N(0,1)) per bucket: load.gaussian(base,"
                        + " stddev, seed, bucket)",
                    [Param("base", .traffic), Param("stddev", .number),
                     Param("seed", .seed, .seed(1)), Param("bucket", .duration, .ms(1_000))]) {
            .gaussian(base: $0.traffic("base"), stddev: $0.number("stddev"),
                      seed: $0.seed("seed"), bucketMs: $0.ms("bucket"))
        },
    ]

    /// A read parameter value.
    enum Value: Sendable {
        case number(Double), ms(Int64), traffic(TrafficModel), seed(UInt64)
    }

    static func module(_ runtime: LuaRuntime) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = constructors.map { c in
            (key: .string(c.name), value: runtime.function(c.signature, c.help) { call in
                let values = try read(call, "load.\(c.name)", c.params)
                return call.push(.object(LuaTraffic(try c.build(values))))
            })
        }
        fields.append((key: "trace", value: runtime.function(
            "(points: table): Traffic", "replays {{t, rate}, ...} linearly"
        ) { call in
            call.push(.object(LuaTraffic(.trace(try points(call)))))
        }))
        fields.append((key: "csv", value: runtime.function(
            "(path: string): Traffic?, string?", "replays a CSV file of time,rate"
        ) { call in
            try file(call, "load.csv") { text throws(TraceParseError) in
                try TrafficTrace.parseCSV(text)
            }
        }))
        fields.append((key: "exposition", value: runtime.function(
            "(path: string, metric?: string): Traffic?, string?",
            "replays a counter from a Prometheus exposition file"
        ) { call in
            let metric = try call.optionalString(2)
            return try file(call, "load.exposition") { text throws(TraceParseError) in
                try TrafficTrace.parseExposition(text, metric: metric).startingAtZero()
            }
        }))
        fields.append((key: "query_range", value: runtime.function(
            "(path: string): Traffic?, string?", "replays a saved Prometheus query_range JSON"
        ) { call in
            try file(call, "load.query_range") { text throws(TraceParseError) in
                try TrafficTrace.parseQueryRange(text).startingAtZero()
            }
        }))
        return .table(LuaTable(fields: fields))
    }

    /// Reads positional arguments, or one option table, into values by parameter name.
    static func read(_ call: LuaCall, _ context: String, _ params: [Param]) throws
        -> [String: Value]
    {
        var raw: [String: LuaValue] = [:]
        if call.count == 1, case .table = call.value(1) {
            let o = try OptionTable(call, 1, context: context, allowed: params.map(\.name))
            raw = o.fields
        } else {
            if call.count > params.count {
                throw LuaCallError.message("\(context): too many arguments (\(call.count) given,"
                    + " at most \(params.count): \(params.map(\.name).joined(separator: ", ")))")
            }
            for (i, p) in params.enumerated() where !call.isNil(i + 1) {
                raw[p.name] = call.value(i + 1)
            }
        }
        var values: [String: Value] = [:]
        for p in params {
            if let v = raw[p.name] {
                values[p.name] = try convert(v, p, context)
            } else if let fallback = p.fallback {
                values[p.name] = fallback
            } else {
                throw LuaCallError.message("bad option '\(p.name)' in \(context) (required)")
            }
        }
        return values
    }

    static func convert(_ v: LuaValue, _ p: Param, _ context: String) throws
        -> Value
    {
        func bad(_ message: String) -> LuaCallError {
            .message("bad option '\(p.name)' in \(context) (\(message))")
        }
        func number() throws -> Double {
            switch v {
            case .integer(let i): return Double(i)
            case .number(let d) where d.isFinite: return d
            default: throw bad("number expected, got \(OptionTable.show(v))")
            }
        }
        switch p.kind {
        case .rate:
            let r = try number()
            guard r >= 0 else {
                throw bad("a rate must not be negative, got \(TrafficMethods.number(r))")
            }
            return .number(r)
        case .number: return .number(try number())
        case .seed:
            guard case .integer(let i) = v else { throw bad("integer expected") }
            return .seed(UInt64(bitPattern: Int64(i)))
        case .duration:
            do {
                let d = try LuaUnits.duration(v)
                guard d.milliseconds >= 0 else { throw bad("must not be negative, got \(d)") }
                if p.name == "bucket" || p.name == "period", d.milliseconds == 0 {
                    throw bad("must be positive")
                }
                return .ms(d.milliseconds)
            } catch let e as LuaUnits.Failure {
                throw bad(e.message)
            }
        case .traffic:
            switch v {
            case .integer, .number: return .traffic(.constant(try number()))
            default:
                if case .userdata(let ref) = v, let t = ref.object(as: LuaTraffic.self) {
                    return .traffic(t.model)
                }
                throw bad("traffic or number expected, got \(v.typeName)")
            }
        }
    }

    /// `load.trace{ {0, 10}, {"5m", 50}, ... }`: (time, rate) points, linear in between.
    static func points(_ call: LuaCall) throws -> TrafficTrace {
        let t = try call.table(1)
        guard t.fields.isEmpty, !t.array.isEmpty else {
            throw LuaCallError.argument(
                index: 1, message: "a list of {time, rate} pairs expected")
        }
        var out: [(time: Int64, rate: Double)] = []
        for (i, item) in t.array.enumerated() {
            guard case .table(let pair) = item, pair.array.count == 2 else {
                throw LuaCallError.message("load.trace: point \(i + 1) is not a {time, rate} pair")
            }
            let time: SimDuration
            do { time = try LuaUnits.duration(pair.array[0]) } catch let e as LuaUnits.Failure {
                throw LuaCallError.message("load.trace: point \(i + 1): \(e.message)")
            }
            let rate: Double
            switch pair.array[1] {
            case .integer(let n) where n >= 0: rate = Double(n)
            case .number(let d) where d >= 0 && d.isFinite: rate = d
            default:
                throw LuaCallError.message(
                    "load.trace: point \(i + 1): the rate must be a number >= 0")
            }
            if let last = out.last, time.milliseconds <= last.time {
                throw LuaCallError.message(
                    "load.trace: point \(i + 1): times must increase (\(time) after "
                        + "\(SimDuration.ms(last.time)))")
            }
            out.append((time.milliseconds, rate))
        }
        return TrafficTrace(points: out)
    }

    /// Reads the file named by argument 1 and parses it as a trace; `nil, message` when the
    /// file cannot be read (an expected failure), an error for a malformed file.
    static func file(_ call: LuaCall, _ context: String,
                     _ parse: (String) throws(TraceParseError) -> TrafficTrace) throws
        -> Int32
    {
        let path = try call.string(1)
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8)
        else {
            return call.push([.nil, .string("\(path): No such file or directory")])
        }
        do {
            return call.push(.object(LuaTraffic(.trace(try parse(text)))))
        } catch {
            throw LuaCallError.message("\(context): \(path): \(error.description)")
        }
    }
}

extension [String: LoadModule.Value] {
    func rate(_ key: String) -> Double { number(key) }
    func number(_ key: String) -> Double {
        if case .number(let d)? = self[key] { return d }
        return 0
    }
    func ms(_ key: String) -> Int64 {
        if case .ms(let m)? = self[key] { return m }
        return 0
    }
    func traffic(_ key: String) -> TrafficModel {
        if case .traffic(let t)? = self[key] { return t }
        return .constant(0)
    }
    func seed(_ key: String) -> UInt64 {
        if case .seed(let s)? = self[key] { return s }
        return 1
    }
}
