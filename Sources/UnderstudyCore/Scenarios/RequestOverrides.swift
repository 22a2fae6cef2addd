import HTTP1

/// The per-request headers that script an answer without a scenario (docs/INTERFACE.md):
/// `X-Understudy-Error: KIND`, `X-Understudy-Fault: FAULT`, `X-Understudy-Delay-Ms: N`.
public enum RequestOverrides {
    public static let errorHeader = "X-Understudy-Error"
    public static let faultHeader = "X-Understudy-Fault"
    public static let delayHeader = "X-Understudy-Delay-Ms"
    /// What every one of their names starts with.
    static let prefix = "X-Understudy-"

    /// A header value that cannot be used; the message names the header and the values it takes.
    public struct Invalid: Error, Sendable {
        public let message: String
    }

    /// What the headers ask for; nil when the request carries none of them.
    public static func decision(_ headers: HTTPHeaders) throws -> ScenarioDecision? {
        guard headers.containsName(prefixed: prefix) else { return nil }
        let error = headers[errorHeader], fault = headers[faultHeader], delay = headers[delayHeader]
        if error == nil && fault == nil && delay == nil { return nil }
        var used: [String] = []
        var decision = ScenarioDecision(label: "")
        if let error {
            guard let kind = ErrorKind(rawValue: error.trimmed) else {
                throw Invalid(message: "\(errorHeader): unknown error kind '\(error)'; one of \(ErrorKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            decision.answer = .error(kind)
            used.append(errorHeader)
        }
        if let fault {
            guard let f = ConnectionFault(rawValue: fault.trimmed) else {
                throw Invalid(message: "\(faultHeader): unknown fault '\(fault)'; one of \(ConnectionFault.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            decision.fault = f
            used.append(faultHeader)
        }
        if let delay {
            guard let ms = Int(delay.trimmed), ms >= 0, ms <= ScenarioParser.maxDelayMilliseconds else {
                throw Invalid(message: "\(delayHeader): expected milliseconds from 0 to \(ScenarioParser.maxDelayMilliseconds), got '\(delay)'")
            }
            decision.delayMilliseconds = ms
            used.append(delayHeader)
        }
        return ScenarioDecision(label: "header:" + used.joined(separator: ","), answer: decision.answer,
                                delayMilliseconds: decision.delayMilliseconds, fault: decision.fault)
    }
}
