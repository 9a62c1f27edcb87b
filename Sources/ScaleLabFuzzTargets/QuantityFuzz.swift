import ScaleLab

/// Quantity and duration parsing: `Quantity(parsing:)` and `Quantity(decoding:)` (what
/// `requests = { cpu = ... }` and manifests use) and `SimDuration(parsing:)` (every `"15s"`).
/// What parses must print, and its canonical form must parse back to an equal value — the
/// round trip apimachinery's quantity_test.go checks for every case.
enum QuantityFuzz {
    @Sendable static func run(_ bytes: [UInt8]) {
        let text = fuzzText(bytes)
        for parsed in [try? Quantity(parsing: text), try? Quantity(decoding: text)] {
            guard let q = parsed else { continue }
            let canonical = q.description
            guard let again = try? Quantity(parsing: canonical) else {
                fuzzFailure("quantity \"\(text)\" prints as \"\(canonical)\", which does not parse")
            }
            if again != q {
                fuzzFailure("quantity \"\(text)\" prints as \"\(canonical)\", a different value")
            }
            _ = q.milliValue
            _ = q.value
            _ = q.asInt64
            _ = q.approximateDouble
            _ = q.exactDecimalString
            _ = (q + q).description
            _ = (q - q).isZero
            _ = (-q).description
            var r = q
            _ = r.roundUp(Quantity.milli)
            _ = r.multiply(by: 3)
            _ = r.description
        }
        if let d = try? SimDuration(parsing: text) {
            let printed = d.description
            guard let again = try? SimDuration(parsing: printed), again == d else {
                fuzzFailure("duration \"\(text)\" prints as \"\(printed)\", which does not parse "
                    + "back to the same value")
            }
            _ = d.humanDescription
            _ = d.seconds
        }
    }
}

/// Stops the fuzzer with a message: an invariant of the engine does not hold for this input.
func fuzzFailure(_ message: String) -> Never {
    print("scalelab-fuzz: invariant violated: \(message)")
    preconditionFailure(message)
}
