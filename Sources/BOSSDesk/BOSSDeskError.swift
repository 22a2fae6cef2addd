import HTTP1
import UnderstudyCore

/// BOSSDesk's Rails-style error bodies (bossdesk.md): `{"errors":{"base":["…"]}}` for 400/401/402/403/404/409 and
/// base-level 422s, `{"errors":{field:[…]}}` for validation.
struct BOSSDeskError: VendorError {
    let status: Int
    let errors: FieldErrors

    /// An error with one `base` message.
    static func base(_ status: Int, _ message: String) -> BOSSDeskError {
        var e = FieldErrors()
        e.add("base", message)
        return BOSSDeskError(status: status, errors: e)
    }

    static let unauthorized = base(401, "Unauthorized")
    static let forbidden = base(403, "You are not authorized to access this page")
    static let notFound = base(404, "Not found")
    static let staleTicket = base(409, "Ticket has been changed by someone else since you loaded it")

    /// Rails' `ParameterMissing`: the body lacks its root key.
    static func missing(_ root: String) -> BOSSDeskError { base(400, "param is missing or the value is empty: \(root)") }

    /// Rails' 500 page, as JSON.
    static let unexpected = base(500, "We're sorry, but something went wrong")

    var response: Response { JSONResponse.make(status, ["errors": errors.json]) }

    func response(to request: APIRequest) -> Response { response }

    /// What an error reads as in a message (fixtures): its envelope's text.
    static func text(_ error: Error) -> String {
        let errors = (error as? BOSSDeskError)?.errors ?? (error as? FieldErrors) ?? unexpected.errors
        return errors.json.text
    }
}
