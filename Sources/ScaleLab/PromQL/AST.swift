/// Binary operators, with Prometheus' precedence (generated_parser.y).
public enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", atan2
    case eql = "==", neq = "!=", gtr = ">", lss = "<", gte = ">=", lte = "<="
    case land = "and", lor = "or", lunless = "unless"

    /// Binding strength: or < and/unless < comparisons < + - < * / % atan2 < ^.
    var precedence: Int {
        switch self {
        case .lor: return 1
        case .land, .lunless: return 2
        case .eql, .neq, .gtr, .lss, .gte, .lte: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }

    /// `^` is right-associative; every other operator is left-associative.
    var rightAssociative: Bool { self == .pow }
    /// Whether the operator is a comparison (filters, or yields 0/1 with `bool`).
    public var isComparison: Bool { precedence == 3 }
    /// Whether the operator is a set operator (and, or, unless).
    public var isSetOperator: Bool { precedence <= 2 }
    /// Arithmetic changes the metric's meaning, so its result loses the name
    /// (engine.go changesMetricSchema).
    var changesMetricSchema: Bool {
        switch self {
        case .add, .sub, .mul, .div, .mod, .pow, .atan2: return true
        default: return false
        }
    }
}

/// Aggregation operators.
public enum AggregateOp: String, Sendable {
    case sum, avg, min, max, count, group, stddev, stdvar
    case topk, bottomk, quantile
    case countValues = "count_values"
    case limitk
    case limitRatio = "limit_ratio"
}

/// The value types of PromQL expressions (parser.ValueType, documented names).
public enum PromQLType: String, Sendable {
    case scalar, string
    case vector = "instant vector"
    case matrix = "range vector"
}

/// How a vector-vector binary operation matches its sides (parser.VectorMatching).
public struct VectorMatching: Sendable {
    /// The cardinality of the match.
    public enum Card: Sendable { case oneToOne, manyToOne, oneToMany, manyToMany }
    /// The cardinality.
    public var card: Card = .oneToOne
    /// `on(...)` when true; `ignoring(...)` (or nothing) when false.
    public var on = false
    /// The labels listed in `on` or `ignoring`.
    public var labels: [String] = []
    /// The labels listed in `group_left(...)` / `group_right(...)`.
    public var include: [String] = []
}

/// A parsed PromQL expression.
public indirect enum PromQLExpr: Sendable {
    /// A number literal.
    case number(Double)
    /// A string literal.
    case string(String)
    /// An instant vector selector.
    case vectorSelector(VectorSelector)
    /// A range vector selector: a vector selector with a range in milliseconds.
    case matrixSelector(VectorSelector, range: Int64)
    /// A parenthesised expression.
    case paren(PromQLExpr)
    /// Unary minus (`negate` true) or plus.
    case unary(negate: Bool, PromQLExpr)
    /// A binary operation.
    case binary(
        BinaryOp, PromQLExpr, PromQLExpr, returnBool: Bool, matching: VectorMatching?)
    /// A function call.
    case call(PromQLFunction, [PromQLExpr])
    /// A subquery `expr[range:step]` with its offset and `@`.
    case subquery(Subquery)
    /// An aggregation with its grouping.
    case aggregate(
        AggregateOp, PromQLExpr, param: PromQLExpr?, grouping: [String], without: Bool, id: Int)

    /// The value type of the expression.
    public var type: PromQLType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .paren(let e): return e.type
        case .unary(_, let e): return e.type
        case .binary(_, let l, let r, _, _):
            return l.type == .scalar && r.type == .scalar ? .scalar : .vector
        case .call(let f, _): return f.returnType
        case .aggregate: return .vector
        }
    }

    /// How far back before the evaluation time the expression reads samples, in ms: range plus
    /// offset for range selectors, lookback delta plus offset for instant selectors. A store's
    /// retention must cover the largest value over every rule.
    public func maxLookback(lookbackDelta: Int64 = PromQLEngine.defaultLookbackDelta) -> Int64 {
        switch self {
        case .number, .string: return 0
        case .vectorSelector(let s): return Self.lookback(s.offset, lookbackDelta)
        case .matrixSelector(let s, let range): return Self.lookback(s.offset, range)
        case .subquery(let q):
            return Self.lookback(
                q.offset, q.range, q.expr.maxLookback(lookbackDelta: lookbackDelta))
        case .paren(let e), .unary(_, let e): return e.maxLookback(lookbackDelta: lookbackDelta)
        case .binary(_, let l, let r, _, _):
            return max(
                l.maxLookback(lookbackDelta: lookbackDelta),
                r.maxLookback(lookbackDelta: lookbackDelta))
        case .call(_, let args):
            return args.map { $0.maxLookback(lookbackDelta: lookbackDelta) }.max() ?? 0
        case .aggregate(_, let e, let p, _, _, _):
            return max(
                e.maxLookback(lookbackDelta: lookbackDelta),
                p?.maxLookback(lookbackDelta: lookbackDelta) ?? 0)
        }
    }

    /// The sum of lookback parts, at least 0 and at most Int64.max (absurd offsets keep
    /// everything rather than overflow).
    private static func lookback(_ parts: Int64...) -> Int64 {
        var total: Int64 = 0
        for part in parts {
            let (sum, overflow) = total.addingReportingOverflow(part)
            total = overflow ? (part > 0 ? Int64.max : Int64.min) : sum
        }
        return max(0, total)
    }
}

/// A series selector: `name{matchers} offset 5m @ 1000`.
public struct VectorSelector: Sendable {
    /// The metric name written before the braces, or "".
    public var name: String
    /// All matchers, including the `__name__` matcher for a written name.
    public var matchers: [LabelMatcher]
    /// The offset in milliseconds (negative: into the future).
    public var offset: Int64 = 0
    /// The `@` timestamp in milliseconds, if any.
    public var at: Int64?
    /// `@ start()` / `@ end()`: resolved to the evaluation time of an instant query.
    public var atEvalTime = false
    /// The selector's number within its query, keying the query's selection cache.
    public var id = 0
}

/// A subquery: an instant-vector expression evaluated at every `step` over `range`
/// (parser.SubqueryExpr), giving a range vector.
public struct Subquery: Sendable {
    /// The inner expression.
    public var expr: PromQLExpr
    /// The range in milliseconds.
    public var range: Int64
    /// The resolution in milliseconds; 0 means the default evaluation interval.
    public var step: Int64
    /// The offset in milliseconds.
    public var offset: Int64 = 0
    /// The `@` timestamp in milliseconds, if any.
    public var at: Int64?
    /// `@ start()` / `@ end()`.
    public var atEvalTime = false
}
