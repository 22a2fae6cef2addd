import HTTP1

/// An error a vendor's client sees: it knows its status and writes the vendor's own envelope for the request it
/// happened on. Anything else a handler throws is the vendor's 500 (``SimulatedAPI/unexpected(_:)``), logged with
/// the request.
public protocol VendorError: Error {
    var status: Int { get }
    func response(to request: APIRequest) -> Response
}

/// Rails' validation errors, which Fleetio and BOSSDesk both answer as `422 {"errors": {field: [message, …]}}`.
extension FieldErrors: VendorError {
    public var status: Int { 422 }
    public func response(to request: APIRequest) -> Response { JSONResponse.make(422, ["errors": json]) }
}

extension APIRequest {
    /// The answer for an error a handler threw: a ``VendorError``'s own envelope, else `unexpected`; noted either way
    /// (a 5xx the API produced itself is logged at error level with the error).
    public func answer(_ error: Error, unexpected: () -> Response) -> Response {
        note(error)
        if let e = error as? VendorError { return e.response(to: self) }
        return unexpected()
    }
}
