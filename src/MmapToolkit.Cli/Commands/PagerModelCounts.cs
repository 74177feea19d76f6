using MmapToolkit.Model.Replacement;
using MmapToolkit.Pager;

namespace MmapToolkit.Cli.Commands;

/// <summary>The model's prediction for a pager replay, in the pager's counters: the fixed-allocation policies from
/// <see cref="TraceSimulator"/>, WSClock from <see cref="WsClockPolicy"/> (its victims are evictions, its write-backs are
/// swap-outs; it does not count swap-ins, hence null).</summary>
/// <param name="EvictionsInWorkingSet">WSClock: victims taken from inside the working set; null for the others.</param>
/// <param name="MaxResident">WSClock: the frames it used; null for the others.</param>
internal sealed record PagerModelCounts(long Faults, long Evictions, long SwapOuts, long? SwapIns, long? EvictionsInWorkingSet,
                                        int? MaxResident)
{
    public static PagerModelCounts For(PagerOptions region, IReadOnlyList<PageReference> references)
    {
        if (region.Policy == PagerPolicy.WsClock)
        {
            var w = WsClockPolicy.Run(DenseTrace.From(references), region.Frames, region.Tau);
            return new PagerModelCounts(w.Faults, w.EvictionsOutsideWorkingSet + w.EvictionsInsideWorkingSet, w.WriteBacks, null,
                                        w.EvictionsInsideWorkingSet, w.MaxResident);
        }
        var m = TraceSimulator.Run(region.Policy.Name(), region.Frames, references, region.Seed);
        return new PagerModelCounts(m.Faults, m.Evictions, m.SwapOuts, m.SwapIns, null, null);
    }
}
