namespace MmapToolkit.Observers;

/// <summary>
/// A snapshot of getrusage fault and CPU counters, or the difference of two snapshots:
/// <c>var before = FaultCounters.Thread(); …; var delta = FaultCounters.Thread() - before;</c>
/// </summary>
/// <param name="Minor">Faults resolved without I/O (demand-zero, copy-on-write, page already in the page cache).</param>
/// <param name="Major">Faults that had to wait for I/O.</param>
/// <param name="UserTime">CPU time in user mode.</param>
/// <param name="SystemTime">CPU time in the kernel.</param>
public readonly record struct FaultCounts(long Minor, long Major, TimeSpan UserTime, TimeSpan SystemTime)
{
    /// <summary>Minor plus major faults.</summary>
    public long Total => Minor + Major;

    /// <summary>What happened between two snapshots: each counter of <paramref name="after"/> less that of <paramref name="before"/>.</summary>
    public static FaultCounts operator -(FaultCounts after, FaultCounts before) =>
        new(after.Minor - before.Minor, after.Major - before.Major,
            after.UserTime - before.UserTime, after.SystemTime - before.SystemTime);

    /// <summary>Each counter summed.</summary>
    public static FaultCounts operator +(FaultCounts a, FaultCounts b) =>
        new(a.Minor + b.Minor, a.Major + b.Major, a.UserTime + b.UserTime, a.SystemTime + b.SystemTime);

    /// <summary>"M minor, J major faults".</summary>
    public override string ToString() => $"{Minor} minor, {Major} major faults";
}
