namespace MmapToolkit.Model.Replacement;

/// <summary>
/// What one run of <see cref="TraceSimulator.Run(string, int, IReadOnlyList{PageReference}, ulong, bool)"/> counted.
/// Faults = References - Hits (cold misses included); Evictions = SwapOuts + clean drops.
/// </summary>
public sealed record SimulationResult(string Policy, int Frames, long References, long Faults, long Hits,
                                      long Evictions, long SwapOuts, long SwapIns, FrameTable? Table)
{
    /// <summary>Misses on a page with no swap copy (never touched, or only read and then dropped): a fresh zeroed frame.</summary>
    public long ZeroFills { get; init; }

    /// <summary>Evictions of clean pages: dropped without I/O.</summary>
    public long CleanDrops => Evictions - SwapOuts;

    public double FaultRate => References == 0 ? 0 : (double)Faults / References;
}
