import CSQLite
import Glibc

/// How far ``Database/prefault(_:)`` has made an in-memory image's room resident: the buffer and the offset
/// reached in it. Kept by whoever calls it (a tenant), so the connection itself holds no such state.
public struct PrefaultMark {
    var buffer: UnsafeMutableRawPointer?
    var end = 0
    public init() {}
    init(buffer: UnsafeMutableRawPointer, end: Int) {
        self.buffer = buffer
        self.end = end
    }
}

extension Database {
    /// How far past the end of an in-memory image ``prefault()`` reaches: an eighth of the image, at most this.
    public static let prefaultAheadMaxBytes = 8 << 20
    /// What one ``prefault()`` makes resident at most, so a request arriving meanwhile waits little.
    public static let prefaultStepBytes = 128 << 10
    private static let pageBytes = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Makes the next stretch of room an in-memory image will grow into resident now, so that a later commit that
    /// extends the image does not stop for the kernel to zero fresh pages.
    ///
    /// memdb keeps the image in one buffer that it enlarges ahead of need; the pages past the image's end are
    /// untouched, so the commit that first writes each of them takes a page fault and waits while the kernel clears
    /// it. A busy tenant grows by a few KB a request, and those faults were a tenth of the time its database was
    /// held. A tenant calls this when nothing is waiting for its database (`CombiningLock`'s idle work), which
    /// takes the clearing out of the requests' way. Only room inside the buffer memdb already holds (never its
    /// image) is touched, with `MADV_POPULATE_WRITE`, which leaves content alone. Returns the bytes made resident:
    /// 0 for a file, on a kernel without the advice, or when the room ahead is already resident.
    @discardableResult
    public func prefault(_ mark: inout PrefaultMark) -> Int {
        guard let (buffer, used, room) = imageRoom() else { return 0 }
        let limit = min(room, used + min(Self.prefaultAheadMaxBytes, used / 8))
        let from = mark.buffer == buffer ? max(mark.end, used) : used
        // Whole pages only: the page holding the image's last byte is already resident.
        let address = Int(bitPattern: buffer)
        let first = (address + from + Self.pageBytes - 1) / Self.pageBytes * Self.pageBytes - address
        let last = (address + min(limit, first + Self.prefaultStepBytes)) / Self.pageBytes * Self.pageBytes - address
        guard last > first else { return 0 }
        guard madvise(buffer + first, last - first, MADV_POPULATE_WRITE) == 0 else {
            mark = PrefaultMark(buffer: buffer, end: room)   // not supported here (or the range moved): stop trying for this buffer
            return 0
        }
        mark = PrefaultMark(buffer: buffer, end: last)
        return last - first
    }

    /// An in-memory image's buffer, the image's length and the room memdb holds (nil for a file or an empty image).
    func imageRoom() -> (buffer: UnsafeMutableRawPointer, used: Int, room: Int)? {
        guard location == .memory else { return nil }
        var size: sqlite3_int64 = 0
        guard let image = sqlite3_serialize(handle, "main", &size, UInt32(SQLITE_SERIALIZE_NOCOPY)) else { return nil }
        return (UnsafeMutableRawPointer(image), Int(size), Int(sqlite3_msize(image)))
    }
}
