/// The series ids of one scrape target, stored inline in the target (at most `capacity`: the
/// app's five metrics and the two report series).
///
/// Why inline: a scrape pass walks its targets in order and appends each one's samples; a heap
/// array per target would be one more pointer to chase — a cache miss per target per scrape —
/// where inline ids arrive with the target itself.
struct TargetSeries: Sendable {
    /// The most ids a target has.
    static let capacity = 7

    private var ids: (SeriesID, SeriesID, SeriesID, SeriesID, SeriesID, SeriesID, SeriesID)
    /// How many ids are held.
    private(set) var count = 0

    /// No series (a target not scraped yet).
    init() {
        let none = SeriesID(raw: -1)
        ids = (none, none, none, none, none, none, none)
    }

    /// The first `capacity` ids of `list`.
    init(_ list: [SeriesID]) {
        self.init()
        count = min(list.count, Self.capacity)
        withUnsafeMutableBytes(of: &ids) { raw in
            let buffer = raw.bindMemory(to: SeriesID.self)
            for k in 0..<count { buffer[k] = list[k] }
        }
    }

    /// Whether no series are held.
    var isEmpty: Bool { count == 0 }

    /// The ids, as an array.
    var array: [SeriesID] { withBuffer { Array($0) } }

    /// Calls `body` with the ids in place.
    @inline(__always)
    func withBuffer<R>(_ body: (UnsafeBufferPointer<SeriesID>) -> R) -> R {
        withUnsafeBytes(of: ids) { raw in
            body(UnsafeBufferPointer(rebasing: raw.bindMemory(to: SeriesID.self)[0..<count]))
        }
    }
}
