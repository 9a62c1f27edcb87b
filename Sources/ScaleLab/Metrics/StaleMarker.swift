/// Prometheus' staleness marker and sample helpers.
public enum StaleMarker {
    /// The bit pattern of Prometheus' StaleNaN (model/value/value.go: 0x7ff0000000000002), a
    /// NaN written when a target or series disappears; distinct from an ordinary NaN value.
    public static let bitPattern: UInt64 = 0x7ff0_0000_0000_0002
    /// The staleness marker value.
    public static let value = Double(bitPattern: bitPattern)
    /// Whether `v` is the staleness marker (not any NaN: only this bit pattern).
    @inline(__always)
    public static func isStale(_ v: Double) -> Bool { v.bitPattern == bitPattern }
}
