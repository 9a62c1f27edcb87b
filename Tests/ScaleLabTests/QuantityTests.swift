import Testing

@testable import ScaleLab

@Test(arguments: [
    ("1.5", "1500m"), ("1.5Gi", "1536Mi"), ("250m", "250m"), ("0.1", "100m"),
    ("2048Ki", "2Mi"), ("1e3", "1e3"), ("1e4", "10e3"), ("1000E", "1e21"),
    ("100Gi", "100Gi"), ("1.2345", "1234500u"), ("+1", "+1"), ("0.000000000001", "1n"),
])
func canonicalStrings(input: String, want: String) throws {
    #expect(try Quantity(parsing: input).description == want)
}

@Test(arguments: [
    ("100m", Int64(100), Int64(1)), ("1", 1000, 1), ("1.5", 1500, 2), ("1n", 1, 1),
    ("1Gi", 1_073_741_824_000, 1_073_741_824), ("-1.5", -1500, -2), ("0", 0, 0),
])
func roundedValues(input: String, milli: Int64, value: Int64) throws {
    let q = try Quantity(parsing: input)
    #expect(q.milliValue == milli)
    #expect(q.value == value)
}

@Test func errorsQuoteTheInputAndSayWhy() {
    for (input, reason) in [
        ("1.1.M", QuantityError.formatWrong), ("0.1mi", QuantityError.suffix),
        ("", QuantityError.formatWrong), ("12 Gi", QuantityError.formatWrong),
    ] {
        #expect(throws: QuantityError(input: input, reason: reason)) {
            try Quantity(parsing: input)
        }
    }
    let error = QuantityError(input: " 1", reason: QuantityError.formatWrong)
    #expect(error.description.hasPrefix("cannot parse quantity \" 1\": quantities must match"))
    #expect(error.description.contains("whitespace"))
}

@Test func arithmeticAndOrdering() throws {
    let a = try Quantity(parsing: "1Gi"), b = try Quantity(parsing: "512Mi")
    #expect((a - b).description == "512Mi")
    #expect((a + b).description == "1536Mi")
    #expect(b < a)
    #expect(try Quantity(parsing: "1000m") == Quantity(parsing: "1"))
    #expect(try Set([Quantity(parsing: "1000m"), Quantity(parsing: "1")]).count == 1)
    let big = try [Quantity(parsing: "10000000000000000000"), Quantity(parsing: "10E")]
    #expect(Set(big).count == 1)
    #expect((-a).description == "-1Gi")
    #expect(Quantity(milli: 250).description == "250m")
    #expect(Quantity(bytes: 6_903 * 1_048_576).description == "6903Mi")
}

@Test func jsonDecodingToleratesWhitespaceAndQuotes() throws {
    #expect(try Quantity(decoding: "\" 1\"").description == "1")
    #expect(try Quantity(decoding: " 0.5 ").description == "500m")
}
