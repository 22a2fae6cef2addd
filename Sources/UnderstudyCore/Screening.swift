import Synchronization
import Foundation
import HTTP1
import Storage

/// What ``SimulatedAPI/screen(_:)`` made of a request: its answer, or the request to handle.
public enum Screening: Sendable {
    case answer(Response)
    case pass(APIRequest)

    /// Passes a request on with the path parameters of the route it matched and what the API keeps of that route.
    public static func matched(_ request: APIRequest, parameters: [String: String], screening: any Sendable) -> Screening {
        var r = request
        r.parameters = parameters
        r.screening = screening
        return .pass(r)
    }
}
