using MmapToolkit.Observers;

namespace MmapToolkit.Processes;

/// <summary>One watched page: its pagemap entry in the child just before and just after the workload.</summary>
public readonly record struct WatchedPage(nint Address, PageMapEntry Before, PageMapEntry After)
{
    /// <summary>The page moved to a different frame (a copy-on-write copy). Null when PFNs are hidden (not root).</summary>
    public bool? GotNewFrame => Before.Pfn is { } b && After.Pfn is { } a ? a != b : null;
}

/// <summary>What a forked child (or grandchild) measured about its own workload.</summary>
/// <param name="Pid">The process that ran it.</param>
/// <param name="MinorFaults">Minor faults taken by the touches (RUSAGE_THREAD delta in the child).</param>
/// <param name="MajorFaults">Major faults taken by the touches.</param>
/// <param name="Elapsed">CLOCK_MONOTONIC time around the touches.</param>
/// <param name="Touches">How many page touches ran.</param>
/// <param name="Pages">The watched pages, in the order they were added.</param>
/// <param name="GrandchildPid">The grandchild's pid, for a child that forked one.</param>
public sealed record ChildReport(int Pid, long MinorFaults, long MajorFaults, TimeSpan Elapsed, long Touches,
                                 IReadOnlyList<WatchedPage> Pages, int? GrandchildPid);

/// <summary>How a child ended.</summary>
/// <param name="Pid">The child.</param>
/// <param name="ExitCode">Its exit code, when it exited.</param>
/// <param name="Signal">The signal that ended it, when one did (9: SIGKILL).</param>
/// <param name="KilledAfterTimeout">It overran the wait's timeout and the parent killed it.</param>
public sealed record ChildExit(int Pid, int? ExitCode, int? Signal, bool KilledAfterTimeout)
{
    internal static ChildExit FromWaitStatus(int pid, int status, bool killed) =>
        (status & 0x7f) == 0
            ? new ChildExit(pid, (status >> 8) & 0xff, null, killed)
            : new ChildExit(pid, null, status & 0x7f, killed);

    /// <summary>"exited with N" or "killed by signal N", and whether it overran its timeout.</summary>
    public override string ToString() =>
        (ExitCode is { } code ? $"exited with {code}" : $"killed by signal {Signal}") + (KilledAfterTimeout ? " after overrunning its timeout" : "");
}
