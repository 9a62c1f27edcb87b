import Testing

@testable import ScaleLab

/// decQuantity(i, exponent, format) of apimachinery's quantity_test.go.
private func dec(_ i: Int64, _ exponent: Int32, _ format: Quantity.Format) -> Quantity {
    Quantity(storage: .dec(InfDec(unscaled: i, scale: -exponent)), format: format, cached: nil)
}

/// Rows of TestQuantityParse: value (Cmp) and format, for the input, "-"+input and "+"+input.
@Test(arguments: [
    ("0n", dec(0, 0, .decimalSI)), ("0m", dec(0, 0, .decimalSI)), ("0Mi", dec(0, 0, .binarySI)),
    ("0Gi", dec(0, 0, .binarySI)), ("0T", dec(0, 0, .decimalSI)),
    ("1Ki", dec(1024, 0, .binarySI)), ("6Gi", dec(6 << 30, 0, .binarySI)),
    ("4Pi", dec(4 << 50, 0, .binarySI)), ("100Ti", dec(100 << 40, 0, .binarySI)),
    ("4u", dec(4, -6, .decimalSI)), ("8k", dec(8, 3, .decimalSI)), ("7M", dec(7, 6, .decimalSI)),
    ("40T", dec(4, 13, .decimalSI)), ("2P", dec(2, 15, .decimalSI)),
    ("1e3", dec(1, 3, .decimalExponent)), ("1e9", dec(1, 9, .decimalExponent)),
    ("1E18", dec(1, 18, .decimalExponent)), ("1e13", dec(1, 13, .decimalExponent)),
    ("0.0005k", dec(5, -1, .decimalSI)), ("0.05", dec(5, -2, .decimalSI)),
    ("0.00500", dec(5, -3, .decimalSI)), ("0.50000", dec(5, -1, .decimalSI)),
    ("0.5e-2", dec(5, -3, .decimalExponent)), ("1.2e3", dec(12, 2, .decimalExponent)),
    ("1.53E12", dec(153, 10, .decimalExponent)), ("1.7E18", dec(17, 17, .decimalExponent)),
    ("7.123456M", dec(7_123_456, 0, .decimalSI)), ("5.444T", dec(5444, 9, .decimalSI)),
    ("2.5P", dec(25, 14, .decimalSI)), ("3.001n", dec(4, -9, .decimalSI)),
    ("0.0000000005", dec(1, -9, .decimalSI)), ("0.5e-9", dec(1, -9, .decimalExponent)),
    ("0.00000012354", dec(124, -9, .decimalSI)),
    ("9223372036854775807Ki", dec(Int64.max, 0, .binarySI)),
    ("0.5Mi", dec(512 * 1024, 0, .binarySI)), ("0.025Ti", dec(274_877_906_944, -1, .binarySI)),
    (".0001k", dec(100, -3, .decimalSI)), ("1.G", dec(1, 9, .decimalSI)),
])
func upstreamParseTable(input: String, want: Quantity) throws {
    for (text, sign) in [(input, 1), ("-" + input, -1), ("+" + input, 1)] {
        let got = try Quantity(parsing: text)
        #expect(got.cmp(sign < 0 ? -want : want) == 0, "\(text): got \(got)")
        #expect(got.format == want.format, "\(text)")
        #expect(Quantity(storage: .dec(got.asDec), format: got.format, cached: nil).cmp(got) == 0)
    }
}

@Test(arguments: ["1+1.0M", "0.1am", "1i", "-3.01e-", ".5i", "1e", "-", "1.5.", "1M1"])
func upstreamInvalidInputs(input: String) {
    if input == "-" {
        // parseQuantityString returns "0" for a lone sign: upstream parses it as zero.
        #expect((try? Quantity(parsing: input))?.isZero == true)
        return
    }
    #expect(throws: QuantityError.self) { try Quantity(parsing: input) }
}

/// TestQuantityString: String(), the negated String(), the parse of the expected text keeps
/// it, and the alternate spelling re-canonicalizes to it.
@Test(arguments: [
    (dec(500, -3, .binarySI), "500m", "0.5"), (dec(1000, 6, .decimalSI), "1G", "0.001T"),
    (dec(1, 21, .decimalSI), "1e21", "1000E"), (dec(5, 21, .decimalSI), "5e21", "5000E"),
    (dec(1, 24, .decimalSI), "1e24", "1000000E"), (dec(10800, -4, .decimalSI), "1080m", ""),
    (dec(1, 12, .decimalSI), "1T", ""), (dec(3, 3, .decimalSI), "3k", ""),
    (dec(1, 9, .decimalExponent), "1e9", ".001e12"),
    (dec(1, -3, .decimalExponent), "1e-3", "0.001e0"), (dec(80, -3, .decimalExponent), "80e-3", ""),
    (dec(0, 0, .decimalExponent), "0", "00"), (dec(10800, -10, .decimalSI), "1080n", ""),
    (dec(1080, -6, .decimalSI), "1080u", ""), (dec(300 << 20, 0, .binarySI), "300Mi", "307200Ki"),
    (dec(1001 << 30, 0, .binarySI), "1001Gi", "1025024Mi"),
])
func upstreamStringTable(q: Quantity, want: String, alternate: String) throws {
    #expect(q.description == want)
    if !q.isZero { #expect((-q).description == "-" + want) }
    #expect(try Quantity(parsing: want).cached == want)
    if !alternate.isEmpty {
        let alt = try Quantity(parsing: alternate)
        #expect(alt.cached == nil)
        #expect(alt.description == want)
    }
}

@Test func upstreamParseEmitAndSetters() throws {
    #expect(try Quantity(parsing: ".000001Ki").description == "1024u")
    #expect(try Quantity(parsing: "-.000001Ki").description == "-1024u")
    #expect(try Quantity(parsing: "1Mi").description == "1Mi")
    // TestMilliNewSet with an invalid format prints DecimalExponent.
    let invalid = Quantity.Format(rawValue: "invalidFormatDefaultsToExponent")
    #expect(Quantity(milli: 1_000_000, format: invalid).description == "1e3")
    #expect(try Quantity(parsing: "1e3").milliValue == 1_000_000)
    // TestQuantityCmp: 10000T > 100Gi.
    #expect(try Quantity(parsing: "10000T") > Quantity(parsing: "100Gi"))
    // TestQuantitySubZeroPreservesSuffix: 0 - 1Gi prints like -(1Gi).
    let gi = try Quantity(parsing: "1Gi"), milli = try Quantity(parsing: "100m")
    #expect((Quantity.zero - gi).description == "-1Gi")
    #expect((try Quantity(parsing: "0") - milli).description == "-100m")
}

/// TestMul: the product and whether it still fits an int64.
@Test(arguments: [
    (dec(10, 0, .decimalSI), Int64(10), "100", true), (dec(10, 0, .decimalSI), -10, "-100", true),
    (dec(-50, 0, .decimalSI), -50, "2500", true), (dec(Int64.max, 0, .decimalSI), 0, "0", true),
    (dec(Int64.max, 0, .decimalSI), -1, "-9223372036854775807", true),
    (dec(Int64.max, 0, .decimalSI), 2, "18446744073709551614", false),
    (dec(Int64.max, 0, .decimalSI), 10, "92233720368547758070", false),
    (dec(Int64.min, 0, .decimalSI), -1, "9223372036854775808", false),
    (dec(Int64.min / 2, 0, .decimalSI), 2, "-9223372036854775808", true),
    (dec(Int64.min, 0, .decimalSI), -10, "92233720368547758080", false),
])
func upstreamMulTable(q: Quantity, by: Int64, want: String, ok: Bool) {
    let int64Form = Quantity(
        storage: .int64(Int64Amount(value: Int64(q.exactDecimalString) ?? 0)), format: q.format,
        cached: nil)
    for start in [q, int64Form] {
        var x = start
        #expect(x.multiply(by: by) == ok)
        #expect(x.exactDecimalString == want)
    }
}

/// TestQuantityAsApproximateFloat64 / TestStringQuantityAsApproximateFloat64.
@Test func upstreamApproximateFloats() throws {
    let seven = Int64(7 * 1024 * 1024)
    #expect(dec(seven, -1, .binarySI).approximateDouble == Double(seven) * GoMath.pow10(-1))
    #expect(dec(seven, -8, .decimalSI).approximateDouble == Double(seven) / 100_000_000)
    #expect(dec(seven, 8, .decimalExponent).approximateDouble == Double(seven) * 100_000_000)
    #expect(dec(12, 18, .decimalSI).approximateDouble == 1.2e19)
    #expect(dec(12, 500, .decimalSI).approximateDouble == .infinity)
    #expect(dec(-12, 500, .decimalSI).approximateDouble == -.infinity)
    #expect(try Quantity(parsing: "1.1Ki").approximateDouble == 1126.4)
    #expect(try Quantity(parsing: "2Gi").approximateDouble == 2.147483648e9)
    #expect(dec(seven, -1, .decimalSI).doubleValue == Double(seven) / 10)
    #expect(GoMath.pow10(22) == 1e22 && GoMath.pow10(-5) == 1e-5 && GoMath.pow10(400) == .infinity)
}
