import Foundation

/// Runs apimachinery's `resource.Quantity` test vectors (quantity_vectors.json; harness rules in
/// its `about.kinds`) through the engine's `Quantity`, `Int64Amount` and `InfDec`: parse,
/// canonical String(), MilliValue/Value/ScaledValue, Add/Sub, Cmp and RoundUp.
enum QuantityConformance {
    static func run(data: Data) throws -> ConformanceReport {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let vectors = root["vectors"] as? [[String: Any]]
        else { throw ConformanceError("quantity vectors: expected an object with 'vectors'") }
        var report = ConformanceReport()
        for vector in vectors {
            let id = vector["id"] as? String ?? "?"
            let kind = vector["kind"] as? String ?? ""
            let expected = vector["expected"] as? [String: Any] ?? [:]
            let input = vector["input"] ?? NSNull()
            do {
                let problems = try check(kind: kind, input: input, expected: expected)
                if problems.isEmpty {
                    report.passed += 1
                } else {
                    report.failures.append("\(id) (\(kind)): " + problems.joined(separator: "; "))
                }
            } catch {
                report.failures.append("\(id) (\(kind)): \(error)")
            }
        }
        return report
    }

    /// One vector: returns "expected X, got Y" lines for every mismatch.
    static func check(kind: String, input: Any, expected: [String: Any]) throws -> [String] {
        var problems: [String] = []
        func expect(_ what: String, _ want: String, _ got: String) {
            if want != got { problems.append("\(what): expected \(want), got \(got)") }
        }
        switch kind {
        case "parse":
            guard let text = input as? String else { throw ConformanceError("input not a string") }
            if let tokens = expected["tokenize"] as? [String: Any] {
                guard let t = QuantityParser.tokenize(Array(text.utf8)) else {
                    return ["tokenize: expected tokens, got a format error"]
                }
                func s(_ b: ArraySlice<UInt8>) -> String { String(decoding: b, as: UTF8.self) }
                expect("positive", "\(tokens["positive"] as? Bool ?? true)", "\(t.positive)")
                expect("value", tokens["value"] as? String ?? "", s(t.value))
                expect("num", tokens["num"] as? String ?? "", s(t.num))
                expect("denom", tokens["denom"] as? String ?? "", s(t.denom))
                expect("suffix", tokens["suffix"] as? String ?? "", s(t.suffix))
            } else {
                let q = try Quantity(parsing: text)
                expect("value", string(expected["value"]), q.exactDecimalString)
                expect("format", string(expected["format"]), q.format.rawValue)
            }
        case "parse_error":
            guard let text = input as? String else { throw ConformanceError("input not a string") }
            do {
                let q = try Quantity(parsing: text)
                problems.append("expected an error, got \(q)")
            } catch let error as QuantityError {
                if let message = expected["message"] as? String {
                    expect("message", message, error.reason)
                }
            }
        case "canonical_string":
            let q = try quantity(input)
            expect("String()", string(expected["string"]), q.description)
            if let negated = expected["negated_string"] as? String {
                expect("negated String()", negated, (-q).description)
                // ParseQuantity(expected) keeps the canonical text as its cached string.
                let reparsed = try Quantity(parsing: string(expected["string"]))
                expect("reparsed String()", string(expected["string"]), reparsed.description)
            }
            if let negated = expected["negated_input_string"] as? String,
                let text = input as? String
            {
                let negatedInput = try Quantity(parsing: "-" + text)
                expect("String() of -input", negated, negatedInput.description)
            }
            if expected.keys.contains("as_int64") {
                let want = (expected["as_int64"] as? NSNumber).map { "\($0.int64Value)" } ?? "nil"
                expect("AsInt64()", want, q.asInt64.map { "\($0)" } ?? "nil")
            }
        case "milli_value", "value", "scaled_value":
            try checkScaled(kind: kind, input: input, expected: expected, expect: expect)
        case "add", "sub":
            try checkArithmetic(kind: kind, input: input, expected: expected, expect: expect)
        case "cmp":
            guard let pair = input as? [String: Any] else { throw ConformanceError("bad input") }
            let a = try quantity(pair["a"] ?? NSNull()), b = try quantity(pair["b"] ?? NSNull())
            let want = int(expected["cmp"])
            expect("Cmp", "\(want)", "\(a.cmp(b))")
            if let inverse = expected["inverse_cmp"] {
                expect("inverse Cmp", "\(int(inverse))", "\(b.cmp(a))")
            }
            // Upstream also asserts the result with either or both operands as inf.Dec.
            let da = asDec(a), db = asDec(b)
            expect("Cmp(AsDec(a), b)", "\(want)", "\(da.cmp(b))")
            expect("Cmp(a, AsDec(b))", "\(want)", "\(a.cmp(db))")
            expect("Cmp(AsDec(a), AsDec(b))", "\(want)", "\(da.cmp(db))")
        case "round":
            guard let object = input as? [String: Any] else { throw ConformanceError("bad input") }
            if let internalCall = object["internal"] as? String {
                let args = arguments(internalCall)
                guard args.count == 2 else { throw ConformanceError("bad internal call") }
                let (result, exact) = Int64Amount.negativeScale(args[0], Int(args[1]))
                expect("result", "\(int(expected["result"]))", "\(result)")
                expect("exact", "\(expected["exact"] as? Bool ?? true)", "\(exact)")
            } else {
                var q = try Quantity(parsing: string(object["quantity"]))
                let exact = q.roundUp(Int32(int(object["round_up_to_scale"])))
                expect("value", string(expected["value"]), q.exactDecimalString)
                expect("exact", "\(expected["exact"] as? Bool ?? true)", "\(exact)")
            }
        default:
            throw ConformanceError("unknown vector kind '\(kind)'")
        }
        return problems
    }

    private static func checkScaled(
        kind: String, input: Any, expected: [String: Any],
        expect: (String, String, String) -> Void
    ) throws {
        let want = "\(int(expected[kind]))"
        if let object = input as? [String: Any], let internalCall = object["internal"] as? String {
            let args = arguments(internalCall)
            if internalCall.hasPrefix("int64Amount"), args.count == 2 {
                let amount = Int64Amount(value: args[0], scale: Int32(args[1]))
                let result = amount.asScaledInt64(Int32(int(object["to_scale"])))
                expect("AsScaledInt64", want, result.map { "\($0)" } ?? "overflow")
                return
            }
            // scaledValue(unscaled=U, scale=S, newScale=N) on inf.Dec.
            let fields = keyedArguments(internalCall)
            guard let u = fields["unscaled"], let s = fields["scale"], let n = fields["newScale"],
                let magnitude = BigUInt(decimalDigits: Array(u.drop { $0 == "-" }.utf8)),
                let scale = Int32(s), let newScale = Int32(n)
            else { throw ConformanceError("bad internal call \(internalCall)") }
            let d = InfDec(negative: u.hasPrefix("-"), magnitude: magnitude, scale: scale)
            expect("scaledValue", want, "\(InfDec.scaledValue(d, newScale: newScale))")
            return
        }
        let q: Quantity
        var scale: Int32 = kind == "milli_value" ? Quantity.milli : 0
        if let object = input as? [String: Any], let text = object["quantity"] as? String {
            q = try Quantity(parsing: text)
            scale = Int32(int(object["scale"]))
        } else {
            q = try quantity(input)
            if let object = input as? [String: Any], let to = object["to_scale"] {
                scale = Int32(int(to))
            }
        }
        expect(kind, want, "\(q.scaledValue(scale))")
        if let format = expected["format"] as? String {
            expect("format", format, q.format.rawValue)
        }
    }

    private static func checkArithmetic(
        kind: String, input: Any, expected: [String: Any],
        expect: (String, String, String) -> Void
    ) throws {
        guard let pair = input as? [String: Any] else { throw ConformanceError("bad input") }
        let rawA = pair["a"] ?? NSNull(), rawB = pair["b"] ?? NSNull()
        if let objectA = rawA as? [String: Any], let callA = objectA["internal"] as? String,
            let objectB = rawB as? [String: Any], let callB = objectB["internal"] as? String,
            callA.hasPrefix("int64Amount")
        {
            let x = arguments(callA), y = arguments(callB)
            guard x.count == 2, y.count == 2 else { throw ConformanceError("bad internal call") }
            // int64Amount.Add is commutative; check both orders.
            for (l, r) in [(x, y), (y, x)] {
                var a = Int64Amount(value: l[0], scale: Int32(l[1]))
                let b = Int64Amount(value: r[0], scale: Int32(r[1]))
                let ok = kind == "add" ? a.add(b) : a.sub(b)
                expect("ok", "\(expected["ok"] as? Bool ?? true)", "\(ok)")
                if ok, let internalResult = expected["result_internal"] as? String {
                    let want = arguments(internalResult)
                    expect("result", "\(want)", "\([a.value, Int64(a.scale)])")
                }
            }
            return
        }
        var a = try quantity(rawA)
        let b = try quantity(rawB)
        if kind == "add" { a.add(b) } else { a.sub(b) }
        if let text = expected["string"] as? String { expect("String()", text, a.description) }
        if let value = expected["result_value"] as? String {
            let want = try Quantity(parsing: value)
            expect("value", want.exactDecimalString, a.exactDecimalString)
        }
    }

    // MARK: Building quantities from vector inputs

    /// A quantity from a vector input: a string to parse, or an object naming a constructor,
    /// a JSON document, a test helper (decQuantity/intQuantity) or an exact value and format.
    static func quantity(_ input: Any) throws -> Quantity {
        if let text = input as? String { return try Quantity(parsing: text) }
        guard let object = input as? [String: Any] else { throw ConformanceError("bad input") }
        var q: Quantity
        let format = Quantity.Format(rawValue: object["format"] as? String ?? "DecimalSI")
        if let json = object["json"] as? String {
            q = try Quantity(decoding: json)
        } else if let constructor = object["constructor"] as? String {
            let value = Int64(int(object["value"]))
            switch constructor {
            case "NewQuantity": q = Quantity(value, format: format)
            case "NewMilliQuantity": q = Quantity(milli: value, format: format)
            case "NewScaledQuantity":
                q = Quantity(scaled: value, scale: Int32(int(object["scale"])))
            default: throw ConformanceError("unknown constructor \(constructor)")
            }
        } else if let call = (object["internal"] ?? object["constructed_as"]) as? String,
            call.hasPrefix("intQuantity") || call.hasPrefix("decQuantity")
        {
            let args = arguments(call)
            guard args.count == 2 else { throw ConformanceError("bad helper call \(call)") }
            let helperFormat = Quantity.Format(
                rawValue: call.split(separator: ",").last.map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: " )"))
                } ?? "DecimalSI")
            if call.hasPrefix("intQuantity") {
                q = Quantity(
                    storage: .int64(Int64Amount(value: args[0], scale: Int32(args[1]))),
                    format: helperFormat, cached: nil)
            } else {
                q = Quantity(
                    storage: .dec(InfDec(unscaled: args[0], scale: -Int32(args[1]))),
                    format: helperFormat, cached: nil)
            }
        } else if let value = object["value"] as? String {
            // An exact value with a format (decQuantity in the Go tables).
            guard let d = InfDec(decimalString: ArraySlice(value.utf8)) else {
                throw ConformanceError("bad value \(value)")
            }
            q = Quantity(storage: .dec(d), format: format, cached: nil)
        } else {
            throw ConformanceError("unsupported quantity input \(object)")
        }
        if object["operation"] as? String == "Neg()" { q.negate() }
        return q
    }

    /// The same value held as inf.Dec (AsDec).
    private static func asDec(_ q: Quantity) -> Quantity {
        Quantity(storage: .dec(q.asDec), format: q.format, cached: nil)
    }

    /// The integer arguments of a helper call: `intQuantity(901, -2, DecimalSI)` → [901, −2];
    /// `int64Amount{value: 100, scale: 5}` → [100, 5]; `negativeScaleInt64(base=1, scale=2)`.
    static func arguments(_ call: String) -> [Int64] {
        guard let open = call.firstIndex(where: { $0 == "(" || $0 == "{" }) else { return [] }
        return call[call.index(after: open)...]
            .split(whereSeparator: { $0 == "," || $0 == ")" || $0 == "}" })
            .compactMap { part in
                let raw = part.split(whereSeparator: { $0 == ":" || $0 == "=" }).last ?? part
                return Int64(raw.trimmingCharacters(in: .whitespaces))
            }
    }

    /// `name=value` arguments of a helper call, as text.
    static func keyedArguments(_ call: String) -> [String: String] {
        guard let open = call.firstIndex(of: "(") else { return [:] }
        var result: [String: String] = [:]
        let body = call[call.index(after: open)...]
        for part in body.split(whereSeparator: { $0 == "," || $0 == ")" }) {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 {
                result[kv[0].trimmingCharacters(in: .whitespaces)] =
                    kv[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return result
    }

    private static func string(_ any: Any?) -> String {
        if let s = any as? String { return s }
        if let n = any as? NSNumber { return n.stringValue }
        return "\(any ?? "nil")"
    }

    private static func int(_ any: Any?) -> Int64 {
        if let n = any as? NSNumber { return n.int64Value }
        if let s = any as? String, let v = Int64(s) { return v }
        return 0
    }
}
