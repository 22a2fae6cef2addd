import CLinux

/// Gives memory freed in bulk (a cleared journal, a deleted tenant's database image) back to the system. glibc
/// keeps freed memory in its arenas for reuse, so without this the process's size never comes down.
public enum MemoryRelease {
    /// Trims every malloc arena (`malloc_trim`): a few milliseconds, so only after freeing a lot at once.
    public static func now() {
        _ = malloc_trim(0)
    }
}
