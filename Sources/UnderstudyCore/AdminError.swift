import HTTP1

/// An admin API failure: `{"error": message}` with its status (400 or 404).
public struct AdminError: Error, CustomStringConvertible, Sendable {
    public let status: Int
    public let message: String

    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public static func badRequest(_ m: String) -> AdminError { AdminError(400, m) }
    public static func notFound(_ m: String) -> AdminError { AdminError(404, m) }

    public var description: String { message }

    var response: Response { JSONResponse.make(status, ["error": .string(message)]) }
}
