
/// Ransack search parameters (`q[<attr>_<predicate>]`, `q[s]`, `q[m]`), as Rails apps using the ransack gem read them.
/// Attributes come from an allow-list; unknown attributes, predicates and sorts are ignored, and a blank value
/// drops its condition, as Ransack does by default.
public struct Ransack: Sendable {
    private let attributes: [String: Attribute]
    /// Suffixes, longest first, so that `not_eq` wins over `eq` and `does_not_match` over `matches`.
    private static let suffixes: [Predicate] = Predicate.allCases.sorted { $0.rawValue.count > $1.rawValue.count }

    public init(_ attributes: [Attribute]) {
        self.attributes = Dictionary(attributes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The allow-listed attribute with this name.
    public func attribute(named name: String) -> Attribute? { attributes[name] }

    /// The conditions (ANDed, or ORed with `q[m]=or`, already combined into one) and sort keys of a query string.
    public func parse(_ query: QueryString) -> (conditions: [Condition], sort: [SortKey]) {
        var grouped: [(key: String, values: [String])] = []
        var sorts: [String] = []
        var combinator = "and"
        for (name, value) in query.items {
            guard name.hasPrefix("q["), let close = name.firstIndex(of: "]") else { continue }
            let key = String(name[name.index(name.startIndex, offsetBy: 2)..<close])
            switch key {
            case "s": sorts.append(value)
            case "m": combinator = value.lowercased()
            default:
                if let i = grouped.firstIndex(where: { $0.key == key }) {
                    grouped[i].values.append(value)
                } else {
                    grouped.append((key, [value]))
                }
            }
        }
        let conditions = grouped.compactMap { condition($0.key, $0.values) }
        let combined: [Condition] = combinator == "or" && conditions.count > 1 ? [.any(conditions)] : conditions
        return (combined, sorts.flatMap { sortKeys($0) })
    }

    private func condition(_ key: String, _ rawValues: [String]) -> Condition? {
        for p in Self.suffixes where key.hasSuffix("_" + p.rawValue) {
            let attrPart = String(key.dropLast(p.rawValue.count + 1))
            guard let (attrs, anyOf) = resolve(attrPart) else { continue }
            let values = rawValues.flatMap { v -> [String] in
                (p == .in || p == .notIn) ? v.split(separator: ",").map { String($0).trimmed } : [v]
            }.filter { !$0.trimmed.isEmpty }
            guard !values.isEmpty else { return nil }  // a blank value drops the condition
            let parts = attrs.compactMap { build($0, p, values) }
            guard parts.count == attrs.count else { return nil }
            return parts.count == 1 ? parts[0] : (anyOf ? .any(parts) : .all(parts))
        }
        return nil
    }

    /// `name`, `a_or_b` (any of), `a_and_b` (all of).
    private func resolve(_ s: String) -> ([Attribute], Bool)? {
        if let a = attributes[s] { return ([a], false) }
        for (sep, anyOf) in [("_or_", true), ("_and_", false)] where s.contains(sep) {
            let names = s.components(separatedBy: sep)
            let found = names.compactMap { attributes[$0] }
            if found.count == names.count { return (found, anyOf) }
        }
        return nil
    }

    private func build(_ a: Attribute, _ p: Predicate, _ values: [String]) -> Condition? {
        if p.isUnary {
            guard let on = Attribute("flag", .bool).convert(values[0])?.int else { return nil }
            if on == 1 { return .compare(a, p, []) }
            let inverse: [Predicate: Predicate] = [.true: .false, .false: .true, .null: .notNull, .notNull: .null, .present: .blank, .blank: .present]
            return inverse[p].map { .compare(a, $0, []) }
        }
        switch p {
        case .cont, .notCont, .iCont, .start, .notStart, .end, .notEnd, .matches, .doesNotMatch:
            return .compare(a, p, [.text(values[0])])
        default:
            let converted = values.compactMap { a.convert($0) }
            guard converted.count == values.count else { return nil }
            return .compare(a, p, converted)
        }
    }

    private func sortKeys(_ value: String) -> [SortKey] {
        value.split(separator: ",").compactMap { part in
            let words = part.split(separator: " ").map(String.init)
            guard let name = words.first, let a = attributes[name] else { return nil }
            return SortKey(a, descending: words.count > 1 && words[1].lowercased() == "desc")
        }
    }
}
