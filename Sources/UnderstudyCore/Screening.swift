import HTTP1

/// What ``SimulatedAPI/screen(_:)`` made of a request: its answer (an error), or the request, with the path
/// parameters of the route it matched, and what the API found for ``SimulatedAPI/answer(_:screened:)``
/// (its route, the signed-in user's name …), typed by the API.
public enum Screening<Found: Sendable>: Sendable {
    case answer(Response)
    case pass(APIRequest, Found)

    /// Passes a request on with the path parameters of the route it matched, the freshness the route declares for
    /// its answer (``Freshness``; nil: never kept) and what the API found.
    public static func matched(_ request: APIRequest, parameters: [String: String], fresh: Freshness?, _ found: Found) -> Screening {
        var r = request
        r.parameters = parameters
        r.freshness = fresh
        return .pass(r, found)
    }
}

/// A request an API has screened (``SimulatedAPI/prepare(_:)``): answered already, or ready to be answered by
/// `work` under the tenant's lock.
public enum Prepared: Sendable {
    case answer(Response)
    case ready(APIRequest, work: @Sendable () -> Response)
}
