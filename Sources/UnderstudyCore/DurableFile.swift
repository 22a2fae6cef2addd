import Glibc

/// The two system calls that make a finished file survive a crash under its final name: flushing its bytes, then
/// renaming it and flushing the directory that now names it.
enum DurableFile {
    /// A file system call that failed, with the path and `errno`'s text.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Flushes a file's bytes to the disk (`fsync`).
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync", path) }
    }

    /// Renames a file within its directory (atomic: the name shows the old file or the new, never a mix) and
    /// flushes the directory so the new name survives a crash.
    static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw failure("rename", from) }
        let directory = to.lastIndex(of: "/").map { String(to[..<$0]) } ?? "."
        let fd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", directory) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync", directory) }
    }

    private static func failure(_ call: String, _ path: String) -> Failure {
        Failure(description: "\(call) \(path): \(String(cString: strerror(errno)))")
    }
}
