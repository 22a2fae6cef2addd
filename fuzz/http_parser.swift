// libFuzzer target: the HTTP/1.1 request parser, fed in two pieces split where the first byte says.
// Built by fuzz/run with the HTTP1 sources in one module (so `RequestParser` is reachable).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var limits = HTTPLimits()
    limits.maxBodyBytes = 64 * 1024
    let parser = RequestParser(limits: limits, remoteAddress: "fuzz")
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let split = size > 0 ? Int(data[0]) % (size + 1) : 0
    parser.append(UnsafeRawBufferPointer(rebasing: bytes[0..<split]))
    drain(parser)
    parser.append(UnsafeRawBufferPointer(rebasing: bytes[split..<size]))
    drain(parser)
    return 0
}

private func drain(_ parser: RequestParser) {
    for _ in 0..<1_000 {
        switch parser.next() {
        case .needMore, .failure: return
        case .refused(let head): precondition(head.body.isEmpty && head.refusedStatus == 413); return
        case .request(let r): precondition(r.body.count <= 64 * 1024)
        case .sendContinue: continue
        }
    }
}
