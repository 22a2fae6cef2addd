import UnderstudyCore

/// What a client may do with a resource.
enum Operation: Sendable {
    case list, show, create, update, delete
}

/// A cursor-style filter: `filter[<name>][<op>]=value`.
struct FilterField: Sendable {
    let attribute: Attribute
    let ops: [FilterOp]

    init(_ name: String, _ type: AttributeType, _ ops: [FilterOp], path: String? = nil) {
        attribute = Attribute(name, type, path: path)
        self.ops = ops
    }
}

/// Fleetio's filter operators (fleetio.md) and the shared predicate each one is.
enum FilterOp: String, Sendable {
    case eq, like, include, lt, lte, gt, gte

    var predicate: Predicate {
        switch self {
        case .eq: return .eq
        case .like: return .iCont
        case .include: return .in
        case .lt: return .lt
        case .lte: return .lteq
        case .gt: return .gt
        case .gte: return .gteq
        }
    }

    static let range: [FilterOp] = [.lt, .lte, .gt, .gte]
}

/// One Fleetio resource as data: its URL, versions, operations, filters and sorts, and how its documents are
/// built, changed and shown. The generic handlers in `ResourceRoutes` serve every resource from this.
struct Resource: Sendable {
    /// The URL segment (`issues`) and the stored kind (`issue`).
    let path: String
    let kind: String
    /// The URL families that serve it.
    let versions: Set<PathVersion>
    let operations: Set<Operation>
    /// Ids handed to new records start here (the fixtures use lower ones).
    let firstID: Int
    /// Cursor filters by name; legacy lists take the same attributes as Ransack `q[...]`.
    let filters: [FilterField]
    /// Sortable attributes (besides `id`).
    let sorts: [Attribute]
    /// Builds a new record (validating), or returns an existing one for an idempotent replay.
    let create: @Sendable (Context, JSON) throws -> StoredRecord
    /// Applies a PATCH to a record and returns the new document.
    let update: (@Sendable (Context, StoredRecord, JSON) throws -> JSON)?
    /// The JSON a client sees.
    let render: @Sendable (Context, StoredRecord) throws -> JSON
    /// Removes what hangs on a record being deleted (the record itself is deleted by the handler).
    let cleanup: (@Sendable (Context, StoredRecord) throws -> Void)?
    /// The integer member `/:id` URLs name: `id` for most, a purchase order's `number`.
    let address: String
    /// Records of other resources whose URLs also list this one's: `/vehicles/:id/fuel_entries`.
    let parents: [Parent]
    /// State-changing member actions (`PATCH /purchase_orders/:number/approve`): name → the new document.
    let actions: [String: @Sendable (Context, StoredRecord) throws -> JSON]
    /// For how long an answer to one of its GETs may be served again from the response cache (``Freshness``).
    let freshness: Freshness

    /// A parent list: `/<path>/:id/<resource>` lists the records whose `member` is that parent's id.
    struct Parent: Sendable {
        let path: String
        let kind: String
        let member: String
    }

    init(path: String, kind: String, versions: Set<PathVersion> = [.v1, .unversioned], operations: Set<Operation>,
         firstID: Int, filters: [FilterField] = [], sorts: [Attribute] = [],
         create: @escaping @Sendable (Context, JSON) throws -> StoredRecord = { _, _ in throw FieldErrors() },
         update: (@Sendable (Context, StoredRecord, JSON) throws -> JSON)? = nil,
         render: @escaping @Sendable (Context, StoredRecord) throws -> JSON = { _, r in r.doc },
         cleanup: (@Sendable (Context, StoredRecord) throws -> Void)? = nil, address: String = "id",
         parents: [Parent] = [], actions: [String: @Sendable (Context, StoredRecord) throws -> JSON] = [:],
         freshness: Freshness = .untilWrite) {
        self.path = path
        self.kind = kind
        self.versions = versions
        self.operations = operations
        self.firstID = firstID
        self.filters = filters
        self.sorts = sorts
        self.create = create
        self.update = update
        self.render = render
        self.cleanup = cleanup
        self.address = address
        self.parents = parents
        self.actions = actions
        self.freshness = freshness
    }

    /// The id attribute every resource sorts by by default.
    static let id = Attribute("id", .int)
    /// Timestamps every record has.
    static let timestamps = [Attribute("created_at", .timestamp), Attribute("updated_at", .timestamp)]

    func filter(named name: String) -> FilterField? { filters.first { $0.attribute.name == name } }

    func sort(named name: String) -> Attribute? {
        name == "id" ? Self.id : (sorts.first { $0.name == name } ?? filters.first { $0.attribute.name == name }?.attribute)
    }

    /// The attributes Ransack may use on legacy lists.
    var ransack: Ransack { Ransack([Self.id] + filters.map(\.attribute) + sorts) }
}
