import Synchronization
import Foundation
import HTTP1
import Storage

/// One tenant's secrets for one API: what the tenant object shows, and the values that identify the tenant.
public struct APICredentials: Sendable {
    /// The API's section of the tenant object (see docs/INTERFACE.md).
    public var json: JSON
    /// Values (API keys, tokens, account ids) that the API looks up to find this tenant.
    public var secrets: [String]

    public init(json: JSON, secrets: [String]) {
        self.json = json
        self.secrets = secrets
    }
}

/// Finds a tenant from a secret its API registered.
public protocol CredentialDirectory: Sendable {
    /// The tenant that registered this secret for this API.
    func tenantID(api: String, secret: String) -> String?
}
