/// A borrowed read-only view of a `SampleSlab` (valid inside `withView`).
struct SampleView {
    let regions: UnsafeBufferPointer<SeriesRegion>
    let samples: UnsafeBufferPointer<StoredSample>
    /// The slab's retention (see `SampleSlab`).
    let retention: Int64

    /// The time at or before which series `i`'s samples have expired (`Int64.min`: none).
    @inline(__always)
    func cutoff(_ i: Int) -> Int64 {
        retention == .max ? .min : SampleSlab.cutoff(regions[i], retention)
    }

    /// Series `i`'s live samples in the slab (its stored ones after its cutoff).
    @inline(__always)
    func live(_ i: Int) -> Range<Int> {
        let r = regions[i]
        let cutoff = self.cutoff(i)
        return SampleSlab.firstIndex(samples, r.first, r.last, after: cutoff)..<r.last
    }

    /// The slab range of series `i`'s live samples in the left-open window `(mint, maxt]`, found
    /// by scanning back from the newest sample (a rule's window sits at the end and holds a
    /// handful of samples), with a binary search for a window further back.
    ///
    /// `guess` is a likely number of samples in the window (a rule's windows all hold about
    /// the same number): when the `guess` samples before the window's end are exactly the
    /// ones after `mint` — two comparisons — the scan is skipped. The window is the same
    /// whatever the guess.
    @inline(__always)
    func window(_ i: Int, after mint: Int64, through maxt: Int64, guess: Int = 0)
        -> Range<Int>
    {
        let mint = max(mint, cutoff(i))
        let start = regions[i].first
        let end = SampleSlab.firstIndex(samples, start, regions[i].last, after: maxt)
        let guessed = end - guess
        if guess > 0, guessed >= start, samples[guessed].time > mint,
            guessed == start || samples[guessed - 1].time <= mint
        {
            return guessed..<end
        }
        var from = end
        var steps = 0
        while from > start, samples[from - 1].time > mint, steps < 64 {
            from -= 1
            steps += 1
        }
        if steps == 64 { from = SampleSlab.firstIndex(samples, start, end, after: mint) }
        return from..<end
    }

    /// Calls `body` with the slab range `range` as two buffers (times, values), gathered from
    /// the pairs into temporary buffers (on the stack for a window of a rule's size: a
    /// handful of samples, already in cache once the window is found).
    @inline(__always)
    func withBuffers<R>(
        _ range: Range<Int>,
        _ body: (UnsafeBufferPointer<Int64>, UnsafeBufferPointer<Double>) -> R
    ) -> R {
        let n = range.count
        return withUnsafeTemporaryAllocation(of: Int64.self, capacity: n) { t in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { v in
                var k = 0
                for j in range {
                    t.initializeElement(at: k, to: samples[j].time)
                    v.initializeElement(at: k, to: samples[j].value)
                    k += 1
                }
                return body(UnsafeBufferPointer(t), UnsafeBufferPointer(v))
            }
        }
    }
}
