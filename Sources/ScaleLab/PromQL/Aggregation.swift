/// Aggregation operators (engine.go rangeEvalAgg, aggregation, generateGroupingLabels).
extension Evaluator {
    private struct Group {
        var labels: Labels
        var value: Double
        var mean: Double
        var kahanC = 0.0
        var count = 1.0
        var incrementalMean = false
        var dropName: Bool
    }

    /// Groups the input by the `by` labels (or all but the `without` labels and the name) and
    /// folds each group; sums and means use Kahan compensation.
    func aggregate(
        _ op: AggregateOp, _ input: [EvalSample], grouping: [String], without: Bool
    ) -> [EvalSample] {
        var groups: [Group] = []
        var index: [Labels: Int] = [:]
        let withoutNames = grouping + [Labels.metricName]
        for sample in input {
            let key = without ? sample.labels.removing(withoutNames)
                : (grouping.isEmpty ? Labels() : sample.labels.keeping(grouping))
            let f = sample.value
            guard let gi = index[key] else {
                index[key] = groups.count
                var group = Group(labels: key, value: f, mean: f, dropName: sample.dropName)
                switch op {
                case .group: group.value = 1
                case .stddev, .stdvar: group.value = f.isNaN || f.isInfinite ? .nan : 0
                default: break
                }
                groups.append(group)
                continue
            }
            if sample.dropName { groups[gi].dropName = true }
            accumulate(op, &groups[gi], f)
        }
        return groups.map { group in
            var value = group.value
            switch op {
            case .avg:
                value = group.incrementalMean ? group.mean + group.kahanC
                    : group.value / group.count + group.kahanC / group.count
            case .count: value = group.count
            case .sum: value = group.value + group.kahanC
            case .stdvar: value = group.value / group.count
            case .stddev: value = (group.value / group.count).squareRoot()
            default: break
            }
            return EvalSample(labels: group.labels, value: value, dropName: group.dropName)
        }
    }

    private func accumulate(_ op: AggregateOp, _ group: inout Group, _ f: Double) {
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
            (group.mean, group.kahanC) = kahanSumInc(f / group.count, q * group.mean,
                                                     q * group.kahanC)
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
