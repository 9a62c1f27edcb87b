/// Aggregation operators (engine.go rangeEvalAgg, aggregation, generateGroupingLabels).
extension Evaluator {
    struct Group {
        var group: Int
        var value: Double
        var mean: Double
        var kahanC = 0.0
        var count = 1.0
        var incrementalMean = false
        var dropName: Bool
    }

    /// The group labels of a sample: the `by` labels, or every label but the `without` labels
    /// and the metric name (labels.HashWithoutLabels skips `__name__`).
    static func groupKey(_ labels: Labels, _ grouping: [String], _ without: Bool)
        -> Labels
    {
        if without { return labels.removing(grouping + [Labels.metricName]) }
        return grouping.isEmpty ? Labels() : labels.keeping(grouping)
    }

    /// Groups the input and folds each group; sums and means use Kahan compensation. When
    /// every input sample comes straight from a store series, the group of each series is
    /// cached in the query's cache.
    func aggregate(
        _ op: AggregateOp, _ input: [EvalSample], grouping: [String], without: Bool, id: Int
    ) -> [EvalSample] {
        if let cache, input.allSatisfy({ $0.series >= 0 }) {
            var cached = cache.takeGrouping(id, epoch: store.epoch, capacity: store.idCapacity)
            defer { cache.groupings[id] = cached }
            return fold(op, input, labelsOf: { cached.groupLabels[$0] }) { sample in
                cached.group(ofSeries: Int(sample.series), grouping, without) { sample.labels }
            }
        }
        var labels: [Labels] = []
        var index: [Labels: Int] = [:]
        return fold(op, input, labelsOf: { labels[$0] }) { sample in
            let key = Self.groupKey(sample.labels, grouping, without)
            if let known = index[key] { return known }
            index[key] = labels.count
            labels.append(key)
            return labels.count - 1
        }
    }

    private func fold(
        _ op: AggregateOp, _ input: [EvalSample], labelsOf: (Int) -> Labels,
        groupOf: (EvalSample) -> Int
    ) -> [EvalSample] {
        var groups: [Group] = []
        var slot: [Int32] = []
        for sample in input {
            Self.feed(op, &groups, &slot, groupOf(sample), sample.value, sample.dropName)
        }
        return Self.finish(op, groups, labelsOf: labelsOf)
    }

    /// Adds value `f` to group `g` (`slot` maps group numbers to positions in `groups`,
    /// which are in order of first appearance).
    @inline(__always)
    static func feed(
        _ op: AggregateOp, _ groups: inout [Group], _ slot: inout [Int32], _ g: Int,
        _ f: Double, _ dropName: Bool
    ) {
        if g >= slot.count { slot.append(contentsOf: repeatElement(-1, count: g + 1 - slot.count)) }
        guard slot[g] >= 0 else {
            slot[g] = Int32(groups.count)
            groups.append(firstGroup(op, g, f, dropName: dropName))
            return
        }
        let gi = Int(slot[g])
        if dropName { groups[gi].dropName = true }
        accumulate(op, &groups[gi], f)
    }

    /// Group `g` after its first value, `f`.
    @inline(__always)
    static func firstGroup(_ op: AggregateOp, _ g: Int, _ f: Double, dropName: Bool) -> Group {
        var group = Group(group: g, value: f, mean: f, dropName: dropName)
        switch op {
        case .group: group.value = 1
        case .stddev, .stdvar: group.value = f.isNaN || f.isInfinite ? .nan : 0
        default: break
        }
        return group
    }

    /// The output element of each group.
    static func finish(_ op: AggregateOp, _ groups: [Group], labelsOf: (Int) -> Labels)
        -> [EvalSample]
    {
        groups.map { group in
            EvalSample(labels: labelsOf(group.group), value: finalValue(op, group),
                       dropName: group.dropName)
        }
    }

    /// A group's output value.
    @inline(__always)
    static func finalValue(_ op: AggregateOp, _ group: Group) -> Double {
        switch op {
        case .avg:
            return group.incrementalMean ? group.mean + group.kahanC
                : group.value / group.count + group.kahanC / group.count
        case .count: return group.count
        case .sum: return group.value + group.kahanC
        case .stdvar: return group.value / group.count
        case .stddev: return (group.value / group.count).squareRoot()
        default: return group.value
        }
    }

    static func accumulate(_ op: AggregateOp, _ group: inout Group, _ f: Double) {
        switch op {
        case .sum:
            (group.value, group.kahanC) = kahanSumInc(f, group.value, group.kahanC)
        case .avg:
            // Direct Kahan mean while the sum stays finite, then incremental mean.
            group.count += 1
            if !group.incrementalMean {
                let (newV, newC) = kahanSumInc(f, group.value, group.kahanC)
                if !newV.isInfinite {
                    group.value = newV
                    group.kahanC = newC
                    return
                }
                group.incrementalMean = true
                group.mean = group.value / (group.count - 1)
                group.kahanC /= group.count - 1
            }
            let q = (group.count - 1) / group.count
            (group.mean, group.kahanC) = kahanSumInc(
                f / group.count, q * group.mean, q * group.kahanC)
        case .max:
            if group.value < f || group.value.isNaN { group.value = f }
        case .min:
            if group.value > f || group.value.isNaN { group.value = f }
        case .count:
            group.count += 1
        case .stddev, .stdvar:
            group.count += 1
            let delta = f - group.mean
            group.mean += delta / group.count
            group.value += delta * (f - group.mean)
        default:
            break
        }
    }
}
