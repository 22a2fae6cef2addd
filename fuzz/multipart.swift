// libFuzzer target: the multipart/form-data parser. The first line of the input is the boundary.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let nl = bytes.firstIndex(of: 10), nl > 0, nl <= 70 else { return 0 }
    let boundary = String(decoding: bytes[0..<nl], as: UTF8.self)
    if let parts = try? Multipart.parse(Array(bytes[(nl + 1)...]), boundary: boundary) {
        precondition(parts.count <= Multipart.maxParts)
        for p in parts { precondition(p.data.count <= size) }
    }
    _ = Multipart.boundary(ofContentType: String(decoding: bytes, as: UTF8.self))
    return 0
}

extension String {
    /// (UnderstudyCore defines this beside Ransack; the fuzz build compiles Multipart.swift alone.)
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
