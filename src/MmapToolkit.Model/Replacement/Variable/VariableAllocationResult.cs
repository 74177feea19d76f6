namespace MmapToolkit.Model.Replacement;

/// <summary>
/// What a variable-allocation run counted (<see cref="VariableAllocation.Run"/>): faults, and the resident-set size
/// after each reference (its mean over the run and its maximum: the frames the policy used).
/// </summary>
/// <param name="Policy">ws, pff or wsclock.</param>
/// <param name="Parameter">The policy's parameter as the command line names it, e.g. "tau 1000".</param>
/// <param name="Frames">WSClock's frame pool; 0 for ws and pff, which take what the working set needs.</param>
public sealed record VariableAllocationResult(string Policy, string Parameter, int Frames, long References, long Faults,
                                              long Hits, double MeanResident, int MaxResident)
{
    /// <summary>WSClock: dirty pages written back by the hand (old pages it cleaned before claiming one).</summary>
    public long WriteBacks { get; init; }

    /// <summary>WSClock: victims outside the working set (older than τ).</summary>
    public long EvictionsOutsideWorkingSet { get; init; }

    /// <summary>WSClock: victims still in the working set, taken because no page was older than τ: memory is smaller than
    /// the working set (the thrashing case).</summary>
    public long EvictionsInsideWorkingSet { get; init; }

    public double FaultRate => References == 0 ? 0 : (double)Faults / References;
}
