using MmapToolkit.Interop;

namespace MmapToolkit.Agents;

/// <summary>
/// What one touch loop cost, measured around the loop only on the thread that ran it: minor and major faults
/// from getrusage(RUSAGE_THREAD), CLOCK_MONOTONIC time. <see cref="ByteSum"/> is the sum of the bytes loaded
/// (0 for stores). When a SIGSEGV or SIGBUS stopped the loop (child agents only), <see cref="Fault"/> says which
/// access and why; the counts then cover the accesses before it.
/// </summary>
public sealed record TouchResult(long MinorFaults, long MajorFaults, long ByteSum, TimeSpan Elapsed, FaultSignal? Fault)
{
    /// <summary>Accesses done: all of them, or the index of the one that faulted.</summary>
    public int Completed { get; init; }

    /// <summary><see cref="Elapsed"/> in nanoseconds, unrounded.</summary>
    public long ElapsedNanoseconds { get; init; }

    internal static TouchResult FromNative(in NativeLib.TouchResultNative n, int offset) =>
        new(n.MinorFaults, n.MajorFaults, (long)n.ByteSum, TimeSpan.FromTicks(n.ElapsedNs / 100),
            n.Signal == 0 ? null : new FaultSignal(n.Signal, n.SiCode, offset + (int)n.Completed, (nint)n.FaultAddress))
        {
            Completed = offset + (int)n.Completed,
            ElapsedNanoseconds = n.ElapsedNs,
        };

    /// <summary>The results of consecutive chunks of one address list, as if they were one loop.</summary>
    internal TouchResult Then(TouchResult next) =>
        new(MinorFaults + next.MinorFaults, MajorFaults + next.MajorFaults, ByteSum + next.ByteSum,
            Elapsed + next.Elapsed, next.Fault)
        {
            Completed = next.Completed,
            ElapsedNanoseconds = ElapsedNanoseconds + next.ElapsedNanoseconds,
        };
}
