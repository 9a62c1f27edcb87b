import Foundation
import LuaKit
import ScaleLab

/// A traffic model as Lua holds it (`load.constant(10)`): immutable, composable with `+`, `*`
/// and `:clamp(lo, hi)` into new models.
final class LuaTraffic {
    /// The engine's model.
    let model: TrafficModel

    init(_ model: TrafficModel) { self.model = model }
}

/// The traffic userdata (`scalelab.Traffic`): `t + u`, `t * u` (either operand may be a number:
/// a constant rate), `t:clamp(lo, hi)`, `t:rate(at)`; `tostring(t)` is the Lua expression that
/// builds it.
enum TrafficMethods {
    static func type() -> LuaUserdataType<LuaTraffic> {
        LuaUserdataType<LuaTraffic>(
            name: "scalelab.Traffic",
            summary: "a traffic model (requests/s over time); + and * combine models")
            .method(
                "clamp", "(lo?: number, hi?: number): Traffic",
                "the model limited to [lo, hi]"
            ) { t, call in
                let lo = try call.optionalNumber(2) ?? 0
                let hi = try call.optionalNumber(3) ?? .infinity
                guard lo <= hi else {
                    throw LuaCallError.message("traffic:clamp: lo (\(lo)) > hi (\(hi))")
                }
                return call.push(.object(LuaTraffic(t.model.clamped(min: lo, max: hi))))
            }
            .method(
                "rate", "(at: string|number): number",
                "requests per second at a time"
            ) { t, call in
                let at = try LuaUnits.durationArgument(call, 2)
                return call.push(t.model.rate(at: at.milliseconds))
            }
            .tostring { describe($0.model) }
    }

    /// Installs `__add` and `__mul` as plain functions (Lua calls them for `2 * t` with the
    /// number first, which a method-style metamethod would refuse).
    static func registerArithmetic(_ runtime: LuaRuntime) throws {
        let add = runtime.function { call in
            let (a, b) = try operands(call, "+")
            return call.push(.object(LuaTraffic(a + b)))
        }
        let mul = runtime.function { call in
            let (a, b) = try operands(call, "*")
            return call.push(.object(LuaTraffic(a * b)))
        }
        try runtime.setMetafield(ofType: LuaTraffic.self, "__add", add)
        try runtime.setMetafield(ofType: LuaTraffic.self, "__mul", mul)
    }

    /// The two operands of an arithmetic metamethod as models (a number is a constant rate).
    static func operands(_ call: LuaCall, _ op: String) throws -> (TrafficModel, TrafficModel) {
        func model(_ i: Int) throws -> TrafficModel {
            switch call.value(i) {
            case .integer(let n): return .constant(Double(n))
            case .number(let d): return .constant(d)
            default:
                if let t = try? call.object(i, as: LuaTraffic.self) { return t.model }
                throw LuaCallError.message(
                    "attempt to compute traffic \(op) \(call.typeName(i)) (traffic or number "
                        + "expected)")
            }
        }
        return (try model(1), try model(2))
    }

    /// A traffic argument: a traffic userdata or a number (a constant rate).
    static func argument(_ call: LuaCall, _ i: Int, _ function: String) throws -> TrafficModel {
        switch call.value(i) {
        case .integer(let n): return .constant(Double(n))
        case .number(let d): return .constant(d)
        default:
            guard let t = try? call.object(i, as: LuaTraffic.self) else {
                throw LuaCallError.argument(
                    index: i, message: "traffic expected (load.constant(...), load.ramp{...}, "
                        + "...), got \(call.typeName(i))")
            }
            return t.model
        }
    }

    /// An operand of `+` or `*`: a constant as the bare number it was written as.
    static func operand(_ model: TrafficModel) -> String {
        if case .constant(let r) = model { return number(r) }
        return describe(model)
    }

    static func isConstant(_ model: TrafficModel) -> Bool {
        if case .constant = model { return true }
        return false
    }

    /// A number as Lua prints it, integral values without a fraction.
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// The Lua expression that builds `model` (durations as Go durations, rates in req/s).
    static func describe(_ model: TrafficModel) -> String {
        let n = number
        func d(_ ms: Int64) -> String { "\"\(SimDuration.ms(ms))\"" }
        switch model {
        case .constant(let r): return "load.constant(\(n(r)))"
        case .step(let a, let b, let at): return "load.step(\(n(a)), \(n(b)), \(d(at)))"
        case .ramp(let a, let b, let start, let dur):
            return "load.ramp(\(n(a)), \(n(b)), \(d(start)), \(d(dur)))"
        case .spike(let base, let peak, let at, let dur):
            return "load.spike(\(n(base)), \(n(peak)), \(d(at)), \(d(dur)))"
        case .sine(let mean, let amp, let period, let phase):
            return "load.sine(\(n(mean)), \(n(amp)), \(d(period)), \(d(phase)))"
        case .poisson(let mean, let seed, let bucket):
            return "load.poisson(\(describe(mean)), \(seed), \(d(bucket)))"
        case .gaussian(let base, let sd, let seed, let bucket):
            return "load.gaussian(\(describe(base)), \(n(sd)), \(seed), \(d(bucket)))"
        case .trace(let trace):
            let first = trace.points.first?.time ?? 0
            let last = trace.points.last?.time ?? 0
            return "load.trace(<\(trace.points.count) points from \(SimDuration.ms(first)) to "
                + "\(SimDuration.ms(last))>)"
        case .sum(let parts):
            // All-constant operands would read as a number: keep the first a traffic.
            var texts = parts.map(operand)
            if parts.allSatisfy(isConstant), let first = parts.first {
                texts[0] = describe(first)
            }
            return "(" + texts.joined(separator: " + ") + ")"
        case .product(let a, let b):
            return "\(isConstant(a) && isConstant(b) ? describe(a) : operand(a)) * \(operand(b))"
        case .clamp(let m, let lo, let hi):
            return "\(describe(m)):clamp(\(n(lo)), \(hi.isInfinite ? "math.huge" : n(hi)))"
        }
    }
}
