using MmapToolkit.Interop;

namespace MmapToolkit.Observers;

/// <summary>
/// Fault counters from getrusage(2). Only <see cref="Thread"/> is exact for a piece of work: the process-wide
/// figures also count the runtime's own threads (JIT, GC, tiering). Count on mappings advised
/// <c>NoHugePage</c>, or transparent huge pages make one fault cover 512 pages (docs/design.md rule 3).
/// Taking a snapshot allocates nothing and faults nothing.
/// </summary>
public static class FaultCounters
{
    /// <summary>The calling thread's counters (RUSAGE_THREAD).</summary>
    public static FaultCounts Thread() => Read(Libc.RUSAGE_THREAD, "RUSAGE_THREAD");

    /// <summary>The whole process's counters, every thread included (RUSAGE_SELF).</summary>
    public static FaultCounts Process() => Read(Libc.RUSAGE_SELF, "RUSAGE_SELF");

    /// <summary>The counters of every child that has ended and been waited for (RUSAGE_CHILDREN).</summary>
    public static FaultCounts Children() => Read(Libc.RUSAGE_CHILDREN, "RUSAGE_CHILDREN");

    private static FaultCounts Read(int who, string whoName)
    {
        if (Libc.Getrusage(who, out var u) != 0)
            throw SyscallException.FromLastError($"getrusage({whoName})");
        return new FaultCounts(u.MinorFaults, u.MajorFaults, ToTimeSpan(u.UserTime), ToTimeSpan(u.SystemTime));
    }

    private static TimeSpan ToTimeSpan(Libc.TimeVal t) =>
        TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Microseconds * TimeSpan.TicksPerMicrosecond);
}
