
extension String {
    /// Without leading and trailing whitespace.
    public var trimmed: String {
        // Nearly always nothing to trim: ends that are visible ASCII need no look at characters.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
