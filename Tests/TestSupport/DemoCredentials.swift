import Foundation

/// The demo tenant's credentials for every API (the README's table), as request headers, and two of its seed ids.
public enum Demo {
    public static let fleetio = [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")]
    public static let jifeline = [("Authorization", "Bearer demo-jifeline-token")]
    public static let stackone = [("Authorization", "Basic " + Data("demo-stackone-key:".utf8).base64EncodedString()), ("x-account-id", "demo-stackone-account")]
    public static let bossdesk = [("Authorization", #"Token token="demo-bossdesk-agent-key""#)]
    public static let endUser = [("Authorization", #"Token token="demo-bossdesk-user-key""#)]
    public static let ticket = "6b0d549b-6f03-475a-9600-a35a099950d8"
    public static let note = "92276658-1e27-41c0-8a6a-63ec24ede6a4"
}
