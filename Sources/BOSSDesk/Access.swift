import HTTP1
import UnderstudyCore

/// Who may call an endpoint (bossdesk.md, "Auth and permissions").
enum Access: Sendable {
    /// Any signed-in user, agent or end user (account, lookups).
    case anyone
    /// Any agent.
    case anyAgent
    /// Agents whose `permissions` grant this action on this resource (`manage` grants every action).
    case agent(resource: String, action: String)

    static func can(_ resource: String, _ action: String) -> Access { .agent(resource: resource, action: action) }

    func allows(_ user: JSON) -> Bool {
        switch self {
        case .anyone: return true
        case .anyAgent: return user["is_agent"]?.bool == true
        case let .agent(resource, action):
            guard user["is_agent"]?.bool == true else { return false }
            guard let granted = user["permissions"]?[resource]?.array else { return false }
            return granted.contains { $0.string == action || $0.string == "manage" }
        }
    }
}
