/// A lookup failure or an invalid user-defined type, with a message for the user.
public struct CatalogError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong, quoting the name.
    public var message: String
    /// The closest known names, best first (for an unknown name).
    public var suggestions: [String]
    /// The message.
    public var description: String { message }
}

/// The instance types a simulation can build nodes from: the built-in catalog of
/// `instances.json` (compiled in, see `scripts/gen-catalog`) plus user-defined types.
/// A value type: copying a catalog and defining types in the copy leaves the original alone.
public struct InstanceCatalog: Sendable {
    /// Every type, built-in first, in definition order.
    public private(set) var types: [InstanceType]
    private var byName: [String: Int] = [:]
    private var byLowercasedName: [String: Int] = [:]

    /// The built-in catalog: AWS, GCP and Azure types with sources and price dates.
    public static let builtIn = InstanceCatalog(types: builtInTypes)

    /// A catalog of `types` (later duplicates replace earlier ones).
    public init(types: [InstanceType]) {
        self.types = []
        for type in types { insert(type) }
    }

    private mutating func insert(_ type: InstanceType) {
        if let existing = byName[type.name] {
            types[existing] = type
            return
        }
        byName[type.name] = types.count
        byLowercasedName[type.name.lowercased()] = types.count
        types.append(type)
    }

    /// The type named `name` (exact, else case-insensitive). An unknown name throws a
    /// `CatalogError` suggesting the nearest names by edit distance:
    /// `unknown instance type "m5.larg" (did you mean "m5.large"?)`.
    public func find(_ name: String) throws -> InstanceType {
        if let index = byName[name] ?? byLowercasedName[name.lowercased()] {
            return types[index]
        }
        let suggestions = nearMatches(name)
        var message = "unknown instance type \"\(name)\""
        if !suggestions.isEmpty {
            message += " (did you mean "
                + suggestions.map { "\"\($0)\"" }.joined(separator: ", ") + "?)"
        } else {
            message += "; catalog.list() shows the \(types.count) known types"
        }
        throw CatalogError(message: message, suggestions: suggestions)
    }

    /// Whether a type named `name` exists (exact or case-insensitive).
    public func contains(_ name: String) -> Bool {
        byName[name] != nil || byLowercasedName[name.lowercased()] != nil
    }

    /// The types of one provider (all when nil), in catalog order.
    public func list(provider: CloudProvider? = nil) -> [InstanceType] {
        guard let provider else { return types }
        return types.filter { $0.provider == provider }
    }

    /// Adds a user-defined type. Its name must be new or name an earlier user-defined type
    /// (built-in types cannot be redefined); CPU and memory must be positive.
    public mutating func define(_ type: InstanceType) throws {
        let name = type.name
        if name.isEmpty || name.contains(where: { $0.isWhitespace }) {
            throw CatalogError(
                message: "instance type name \"\(name)\" must be non-empty, without spaces",
                suggestions: [])
        }
        if let existing = byName[name], types[existing].source != "user-defined" {
            throw CatalogError(
                message: "instance type \"\(name)\" is built in; choose another name",
                suggestions: [])
        }
        if type.milliCPU <= 0 {
            throw CatalogError(
                message: "instance type \"\(name)\": cpu must be positive, got \(type.milliCPU)m",
                suggestions: [])
        }
        if type.memoryBytes <= 0 {
            throw CatalogError(
                message: "instance type \"\(name)\": memory must be positive, got "
                    + "\(Quantity(bytes: type.memoryBytes))",
                suggestions: [])
        }
        if let price = type.pricePerHour, !(price >= 0 && price.isFinite) {
            throw CatalogError(
                message: "instance type \"\(name)\": price must be a non-negative number of "
                    + "USD per hour, got \(price)",
                suggestions: [])
        }
        if let pods = type.maxPods, pods <= 0 {
            throw CatalogError(
                message: "instance type \"\(name)\": max_pods must be positive, got \(pods)",
                suggestions: [])
        }
        var type = type
        type.source = "user-defined"
        insert(type)
    }

    /// Defines a type from quantities: `cpu` like `"4"` or `"3500m"`, `memory` like `"16Gi"`.
    public mutating func define(
        name: String, cpu: Quantity, memory: Quantity, pricePerHour: Double? = nil,
        maxPods: Int? = nil, provider: CloudProvider = .custom
    ) throws {
        try define(
            InstanceType(
                provider: provider, name: name, milliCPU: cpu.milliValue,
                memoryBytes: memory.value, pricePerHour: pricePerHour, maxPods: maxPods))
    }

    /// Up to `limit` known names closest to `name` (case-insensitive Levenshtein distance, at
    /// most a third of the name's length, and at least 2), nearest first.
    public func nearMatches(_ name: String, limit: Int = 3) -> [String] {
        let query = Array(name.lowercased())
        let threshold = max(2, query.count / 3)
        var scored: [(distance: Int, name: String)] = []
        for type in types {
            let distance = editDistance(query, Array(type.name.lowercased()))
            if distance <= threshold { scored.append((distance, type.name)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }
}

/// Levenshtein distance between two character arrays (insertions, deletions, substitutions).
public func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
