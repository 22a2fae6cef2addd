import Synchronization
import Foundation
import HTTP1
import Storage

/// A failure a scenario can script; each API renders it in its own status, headers and body.
public enum ErrorKind: String, Sendable, CaseIterable {
    case badRequest = "bad_request"
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case conflict
    case unprocessable
    case rateLimited = "rate_limited"
    case serverError = "server_error"
    case badGateway = "bad_gateway"
    case unavailable
    case timeout
    case paymentRequired = "payment_required"
    case preconditionFailed = "precondition_failed"
    /// The request body is over the server's limit (also what the server's own 413 is worded as).
    case contentTooLarge = "content_too_large"

    /// The HTTP status a vendor uses for this kind unless it says otherwise.
    public var defaultStatus: Int {
        switch self {
        case .badRequest: return 400
        case .unauthorized: return 401
        case .paymentRequired: return 402
        case .forbidden: return 403
        case .notFound: return 404
        case .timeout: return 408
        case .conflict: return 409
        case .preconditionFailed: return 412
        case .contentTooLarge: return 413
        case .unprocessable: return 422
        case .rateLimited: return 429
        case .serverError: return 500
        case .badGateway: return 502
        case .unavailable: return 503
        }
    }
}
