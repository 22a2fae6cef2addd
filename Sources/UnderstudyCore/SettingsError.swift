import Synchronization
import Foundation
import HTTP1
import Storage

/// A settings document an API cannot take; the message names the field.
public struct SettingsError: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
