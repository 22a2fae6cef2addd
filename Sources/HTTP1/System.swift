import Glibc

/// Facts about the host system.
public enum System {
    /// Cores available to this process.
    public static var activeProcessorCount: Int32 {
        let n = Glibc.sysconf(Int32(Glibc._SC_NPROCESSORS_ONLN))
        return n > 0 ? Int32(n) : 1
    }
}
