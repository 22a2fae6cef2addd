import Glibc

/// Parsed stored documents, remembered per thread by their exact text.
///
/// Requests read the same documents again and again (the account or organization on every call, the signed-in user,
/// lookup rows, a popular ticket); parsing them is a large share of a request. A document's parse depends only on
/// its text, so the parse is kept under the text itself: a changed document has a different text and is parsed
/// afresh, and nothing can go stale. Per thread (each event loop has its own), so there is no lock to contend for.
enum ParsedDocuments {
    /// Documents remembered per thread; when full, the thread starts again from empty.
    static let maxEntries = 256
    /// Longer documents are parsed every time (their text would weigh on memory more than their parse on time).
    static let maxTextBytes = 16 * 1024

    /// The parse of `text`, from this thread's memory when it has parsed the same text before.
    static func parse(_ text: String) throws -> JSON {
        guard text.utf8.count <= maxTextBytes else { return try JSONParser.parse(text) }
        let memory = current()
        if let known = memory.entries[text] { return known }
        let json = try JSONParser.parse(text)
        if memory.entries.count >= maxEntries { memory.entries.removeAll(keepingCapacity: true) }
        memory.entries[text] = json
        return json
    }

    private final class Memory {
        var entries: [String: JSON] = [:]
    }

    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k) { pointer in
            if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
        }
        return k
    }()

    private static func current() -> Memory {
        if let p = pthread_getspecific(key) { return Unmanaged<Memory>.fromOpaque(p).takeUnretainedValue() }
        let m = Memory()
        pthread_setspecific(key, Unmanaged.passRetained(m).toOpaque())
        return m
    }
}
