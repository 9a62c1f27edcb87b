import Foundation

/// Binary operators between scalars and vectors (engine.go VectorBinop, VectorscalarBinop,
/// scalarBinop, vectorElemBinop, VectorAnd/Or/Unless).
extension Evaluator {
    mutating func evalBinary(
        _ op: BinaryOp, _ lhs: PromQLExpr, _ rhs: PromQLExpr, returnBool: Bool,
        matching: VectorMatching?
    ) throws(PromQLError) -> EvalValue {
        let left = try eval(lhs)
        let right = try eval(rhs)
        switch (left, right) {
        case (.scalar(let l), .scalar(let r)):
            return .scalar(Self.scalarBinop(op, l, r))
        case (.vector(let v), .scalar(let s)):
            return .vector(Self.vectorScalarBinop(op, v, s, swap: false, returnBool: returnBool))
        case (.scalar(let s), .vector(let v)):
            return .vector(Self.vectorScalarBinop(op, v, s, swap: true, returnBool: returnBool))
        case (.vector(let l), .vector(let r)):
            let matching = matching ?? VectorMatching()
            switch op {
            case .land, .lor, .lunless: return .vector(Self.setOperation(op, l, r, matching))
            default:
                return .vector(
                    try Self.vectorBinop(op, l, r, matching: matching, returnBool: returnBool))
            }
        default:
            throw .execution("binary expression must contain only scalar and instant vector types")
        }
    }

    /// The value of `lhs op rhs` and whether a comparison holds (vectorElemBinop, floats).
    static func elementBinop(_ op: BinaryOp, _ lhs: Double, _ rhs: Double) -> (Double, Bool) {
        switch op {
        case .add: return (lhs + rhs, true)
        case .sub: return (lhs - rhs, true)
        case .mul: return (lhs * rhs, true)
        case .div: return (lhs / rhs, true)
        case .pow: return (Foundation.pow(lhs, rhs), true)
        case .mod: return (Foundation.fmod(lhs, rhs), true)
        case .atan2: return (Foundation.atan2(lhs, rhs), true)
        case .eql: return (lhs, lhs == rhs)
        case .neq: return (lhs, lhs != rhs)
        case .gtr: return (lhs, lhs > rhs)
        case .lss: return (lhs, lhs < rhs)
        case .gte: return (lhs, lhs >= rhs)
        case .lte: return (lhs, lhs <= rhs)
        case .land, .lor, .lunless: return (lhs, false)
        }
    }

    /// Scalar-scalar: comparisons (always with `bool`) give 1 or 0.
    static func scalarBinop(_ op: BinaryOp, _ lhs: Double, _ rhs: Double) -> Double {
        let (value, keep) = elementBinop(op, lhs, rhs)
        return op.isComparison ? (keep ? 1 : 0) : value
    }

    /// Vector-scalar: a comparison keeps the vector element's value (even on the right);
    /// arithmetic and `bool` mark the name for removal.
    static func vectorScalarBinop(
        _ op: BinaryOp, _ vector: [EvalSample], _ scalar: Double, swap: Bool, returnBool: Bool
    ) -> [EvalSample] {
        var out: [EvalSample] = []
        out.reserveCapacity(vector.count)
        for var sample in vector {
            let (lf, rf) = swap ? (scalar, sample.value) : (sample.value, scalar)
            var (value, keep) = elementBinop(op, lf, rf)
            if op.isComparison && swap { value = rf }
            if returnBool {
                value = keep ? 1 : 0
                keep = true
            }
            guard keep else { continue }
            sample.value = value
            if op.changesMetricSchema || returnBool { sample.dropName = true }
            out.append(sample)
        }
        return out
    }

    /// The join signature: the `on` labels, or every label but `__name__` and the `ignoring`
    /// labels (engine.go rangeEval sigf; labels.MatchLabels).
    static func signature(_ labels: Labels, _ matching: VectorMatching) -> Labels {
        matching.on
            ? labels.keeping(matching.labels)
            : labels.removing(matching.labels + [Labels.metricName])
    }

    static func vectorBinop(
        _ op: BinaryOp, _ lhsIn: [EvalSample], _ rhsIn: [EvalSample], matching: VectorMatching,
        returnBool: Bool
    ) throws(PromQLError) -> [EvalSample] {
        if lhsIn.isEmpty || rhsIn.isEmpty { return [] }
        // One-to-many swaps the sides and accounts for the swap when computing values.
        let swapped = matching.card == .oneToMany
        let (lhs, rhs) = swapped ? (rhsIn, lhsIn) : (lhsIn, rhsIn)
        var rightSigs: [Labels: EvalSample] = [:]
        for rs in rhs {
            let sig = signature(rs.labels, matching)
            if let dup = rightSigs[sig] {
                let side = swapped ? "left" : "right"
                throw .execution(
                    "found duplicate series for the match group \(sig) on the \(side) "
                        + "hand-side of the operation: [\(rs.labels), \(dup.labels)];many-to-many "
                        + "matching not allowed: matching labels must be unique on one side")
            }
            rightSigs[sig] = rs
        }
        var matchedSigs: [Labels: Set<Labels>] = [:]
        var out: [EvalSample] = []
        for ls in lhs {
            let sig = signature(ls.labels, matching)
            guard let rs = rightSigs[sig] else { continue }
            let (fl, fr) = swapped ? (rs.value, ls.value) : (ls.value, rs.value)
            var (value, keep) = elementBinop(op, fl, fr)
            if returnBool { value = keep ? 1 : 0 }
            let metric = resultMetric(ls.labels, rs.labels, op, matching)
            if matching.card == .oneToOne {
                if matchedSigs[sig] != nil {
                    throw .execution(
                        "multiple matches for labels: many-to-one matching must be explicit "
                            + "(group_left/group_right)")
                }
                matchedSigs[sig] = []
            } else {
                if matchedSigs[sig, default: []].contains(metric) {
                    throw .execution(
                        "multiple matches for labels: grouping labels must ensure unique matches")
                }
                matchedSigs[sig, default: []].insert(metric)
            }
            if !keep && !returnBool { continue }
            out.append(EvalSample(labels: metric, value: value, dropName: returnBool))
        }
        return out
    }

    /// engine.go resultMetric: arithmetic deletes the metric name at once; one-to-one matching
    /// keeps the `on` labels or drops the `ignoring` ones; group_x copies the included labels
    /// from the "one" side.
    static func resultMetric(
        _ lhs: Labels, _ rhs: Labels, _ op: BinaryOp, _ matching: VectorMatching
    ) -> Labels {
        var labels = op.changesMetricSchema ? lhs.droppingMetadata() : lhs
        if matching.card == .oneToOne {
            labels = matching.on ? labels.keeping(matching.labels)
                : labels.removing(matching.labels)
        }
        for name in matching.include { labels = labels.setting(name, to: rhs[name]) }
        return labels
    }

    /// and / or / unless by join signature (many-to-many).
    static func setOperation(
        _ op: BinaryOp, _ lhs: [EvalSample], _ rhs: [EvalSample], _ matching: VectorMatching
    ) -> [EvalSample] {
        switch op {
        case .land:
            if lhs.isEmpty || rhs.isEmpty { return [] }
            let right = Set(rhs.map { signature($0.labels, matching) })
            return lhs.filter { right.contains(signature($0.labels, matching)) }
        case .lor:
            if lhs.isEmpty { return rhs }
            if rhs.isEmpty { return lhs }
            let left = Set(lhs.map { signature($0.labels, matching) })
            return lhs + rhs.filter { !left.contains(signature($0.labels, matching)) }
        default:
            if lhs.isEmpty || rhs.isEmpty { return lhs }
            let right = Set(rhs.map { signature($0.labels, matching) })
            return lhs.filter { !right.contains(signature($0.labels, matching)) }
        }
    }
}
