import Synchronization
import Foundation
import HTTP1
import Storage

/// One simulated vendor API. Each lives in its own module and knows nothing of the others.
public protocol SimulatedAPI: Sendable {
    /// The URL prefix (without `/`) and the name in the journal and scenarios, e.g. `fleetio`.
    var name: String { get }
    /// This API's tables at their version, made in every tenant database (and the template); nil for none.
    var schema: Schema? { get }
    /// Loads the seed world from `directory/<name>/` into the template database.
    func loadFixtures(into db: TenantDatabase, from directory: String) throws
    /// New secrets for a tenant; the demo tenant gets the fixed ones of docs/INTERFACE.md.
    func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials
    /// Adjusts a tenant database just copied from the template or a snapshot to the tenant's own secrets.
    func prepare(_ db: TenantDatabase, credentials: APICredentials) throws
    /// Seeded record ids for the tenant object's `fixtures` section.
    func fixtureIDs(in db: TenantDatabase) throws -> JSON
    /// The tenant the request's credentials name, if any.
    func tenantID(for request: Request, in directory: any CredentialDirectory) -> String?
    /// What ``screen(_:)`` finds for ``answer(_:screened:)``: the route, the credentials it checked.
    associatedtype Found: Sendable
    /// Looks at a request before it waits for its tenant's lock, doing what needs no tenant state (credentials in
    /// headers, the route): answers it (an error) or passes it on with what it found.
    func screen(_ request: APIRequest) -> Screening<Found>
    /// Answers a request `screen` passed on (the rest of authentication, the route's work, the vendor's own errors),
    /// under the tenant's lock.
    func answer(_ request: APIRequest, screened: Found) -> Response
    /// The vendor's own answer for a scripted error.
    func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response
    /// The vendor's 500 for an error that is no ``VendorError`` (a bug, a failed write): by default its scripted
    /// `server_error` answer.
    func unexpected(_ request: APIRequest) -> Response
    /// Every operation the API serves (vendor paths, without the `/<api>` prefix), from its route table.
    var operations: [APIOperation] { get }
    /// The error outcomes the vendor documents, which the coverage report lists when a suite never saw them.
    var documentedErrors: [DocumentedError] { get }
    /// Every kind of record a tenant holds for this API, as `POST /__admin/tenants/{id}/records` seeds them.
    var recordKinds: [RecordKind] { get }
    /// The tenant's settings for this API (`GET /__admin/tenants/{id}/settings/{api}`), e.g. BOSSDesk's plan.
    func settings(in db: TenantDatabase) throws -> JSON
    /// Changes some of them (`PATCH` of the same path) and answers them all; a bad document throws `SettingsError`.
    func updateSettings(_ changes: JSON, in db: TenantDatabase) throws -> JSON
}

extension SimulatedAPI {
    public func settings(in db: TenantDatabase) throws -> JSON { [:] }
    public func updateSettings(_ changes: JSON, in db: TenantDatabase) throws -> JSON {
        throw SettingsError("\(name) has no tenant settings")
    }

    /// Screens a request: its answer now, or the work that answers it (run under the tenant's lock by the router).
    public func prepare(_ request: APIRequest) -> Prepared {
        switch screen(request) {
        case .answer(let answer): return .answer(answer)
        case .pass(let passed, let found): return .ready(passed, work: { answer(passed, screened: found) })
        }
    }

    /// Answers a request from start to end: screens it, then answers it.
    public func handle(_ request: APIRequest) -> Response {
        switch prepare(request) {
        case .answer(let answer): return answer
        case .ready(_, let work): return work()
        }
    }

    public var schema: Schema? { nil }

    public var documentedErrors: [DocumentedError] { [] }

    public var recordKinds: [RecordKind] { [] }

    public func unexpected(_ request: APIRequest) -> Response { errorResponse(.serverError, request: request) }

    /// The answer for anything a handler threw: the vendor error's own envelope, else ``unexpected(_:)``.
    public func respond(to error: Error, for request: APIRequest) -> Response {
        request.answer(error) { unexpected(request) }
    }
    public func loadFixtures(into db: TenantDatabase, from directory: String) throws {}
    public func prepare(_ db: TenantDatabase, credentials: APICredentials) throws {}
}
