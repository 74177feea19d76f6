using MmapToolkit.Pager;
using ScottPlot;

namespace MmapToolkit.Cli.Charts;

/// <summary><c>pager cost --chart</c>: one fault's cost by mechanism (ns, median with min..max), the bare SIGSEGV +
/// mprotect round trip drawn across as the floor every SIGSEGV pager pays.</summary>
internal static class PagerCostChart
{
    public const string BareRoundTrip = "sigsegv_mprotect";
    public const string BareLegend = "bare SIGSEGV + mprotect round trip";

    public static Plot Build(IReadOnlyList<CostFigure> figures, long pages, int repetitions)
    {
        var rows = figures.Select(f => f.IsAvailable ? new CostBar(f.Name, f.Median, f.Min, f.Max) : new CostBar(f.Name, 0, 0, 0, f.Unavailable)).ToList();
        var bare = figures.FirstOrDefault(f => f.Name == BareRoundTrip && f.IsAvailable);
        return CostBars.Build($"one page fault, by mechanism ({pages:N0} pages x {repetitions}, median and min..max)", "ns per fault", rows,
                              bare is null ? null : (BareLegend, bare.Median));
    }
}
