import Glibc

/// glibc's per-thread cache of freed memory, made large enough for how a busy tenant uses memory.
///
/// The thread holding a tenant runs the requests both event loops read (`CombiningLock`): what one loop allocates
/// (a request, its job, its answer) another thread frees, a whole batch at a time. glibc keeps only 7 freed chunks
/// of a size per thread (its tcache); the rest go back to the arena they came from, under that arena's lock, which
/// the other thread is taking for its own allocations at the same moment. Contended, that lock is a futex sleep
/// and a wake-up, often with the tenant held. Measured under 64-connection BOSSDesk creates: ~0.6 futex calls per
/// request with the default, ~0.15 with a cache of `tcacheCount`, and 0-26% more creates per second (every one of 13
/// alternating rounds faster).
///
/// Why 1,024 and not more: what a thread keeps is memory the process keeps. With 4,096, RSS grew under tenant
/// create/delete churn for as long as it was measured (+11.6 MB over 5,000 cycles, still climbing); with 1,024 it
/// grows +3.4 MB over the first 2,000 cycles and then stays flat (512: +1.9 MB; glibc's 7: +0.6 MB), while BOSSDesk
/// creates at 64 connections measured the same as with 4,096 (three alternating 4 s rounds each: 14,492 vs 14,463
/// requests/s; 512 was 5-10% slower).
///
/// glibc reads its tunables only when a process starts, so the executable starts itself again, once, with the
/// setting in `GLIBC_TUNABLES` (same pid, same arguments). A tcache count the user already set is left as it is.
public enum MallocTuning {
    /// Freed chunks of each size a thread keeps for itself (glibc's default is 7; its most is 65,535).
    public static let tcacheCount = 1024
    static let variable = "GLIBC_TUNABLES"
    static let tunable = "glibc.malloc.tcache_count"

    /// The `GLIBC_TUNABLES` value to run with, given the current one; nil when it already sets the tcache count.
    public static func tunables(current: String?) -> String? {
        let ours = "\(tunable)=\(tcacheCount)"
        guard let current, !current.isEmpty else { return ours }
        if current.split(separator: ":").contains(where: { $0.hasPrefix(tunable + "=") }) { return nil }
        return current + ":" + ours
    }

    /// Runs this executable again with the tuned `GLIBC_TUNABLES`; returns (changing nothing) when the setting is
    /// already there or the program cannot be started again. Call first thing in `main`, before any thread starts.
    public static func restartIfNeeded() {
        let current = getenv(variable).map { String(cString: $0) }
        guard let value = tunables(current: current) else { return }
        // The program's own path, not /proc/self/exe: the process is named after the file it runs (`pkill understudy`).
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        guard length > 0 else { return }
        setenv(variable, value, 1)
        execv(path, CommandLine.unsafeArgv)
        // Still here: the restart failed; carry on untuned, with the environment as it was.
        if let current { setenv(variable, current, 1) } else { unsetenv(variable) }
    }
}
