/// Go's `math.Pow10` (src/math/pow10.go), table for table, so values converted the way
/// apimachinery converts them round exactly as upstream does.
enum GoMath {
    /// 1e0 ... 1e31 (exact literals).
    private static let pow10tab: [Double] = (0...31).map { Double("1e\($0)") ?? 0 }
    /// 1e0, 1e32, ..., 1e288.
    private static let pow10postab32: [Double] = (0...9).map { Double("1e\($0 * 32)") ?? 0 }
    /// 1e-0, 1e-32, ..., 1e-320.
    private static let pow10negtab32: [Double] = (0...10).map { Double("1e-\($0 * 32)") ?? 0 }

    /// 10^n, as Go computes it (exact for |n| ≤ 22, correctly rounded table products beyond).
    static func pow10(_ n: Int) -> Double {
        if 0 <= n && n <= 308 { return pow10postab32[n / 32] * pow10tab[n % 32] }
        if -323 <= n && n <= 0 { return pow10negtab32[-n / 32] / pow10tab[-n % 32] }
        return n > 0 ? .infinity : 0
    }
}
