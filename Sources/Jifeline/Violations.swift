import UnderstudyCore

/// A set of field failures collected before answering 400 with all of them.
struct Violations {
    var items: [(field: String, message: String)] = []
    mutating func add(_ field: String, _ message: String) { items.append((field, message)) }
    func check() throws { if !items.isEmpty { throw JifelineError(400, "The request is invalid", errors: items) } }
}
