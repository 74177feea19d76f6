using MmapToolkit.Measurements;
using ScottPlot;

namespace MmapToolkit.Cli.Charts;

/// <summary>
/// <c>cost --chart</c>: a panel per kind of figure measured — fork time against touched heap pages (median, min..max
/// whiskers), the per-page fault costs as bars (ns per page), the whole-run costs as bars (µs).
/// </summary>
internal static class CostChart
{
    public const string ForkLegend = "fork, median";

    public static IReadOnlyList<Plot> Build(IReadOnlyList<CostMeasurement> measurements)
    {
        var panels = new List<Plot>();
        var forks = measurements.Where(m => m.Group == ForkCost.Group).OrderBy(m => m.PagesPerSample).ToArray();
        if (forks.Length > 0) panels.Add(Fork(forks));
        foreach (var unit in new[] { CostUnit.NanosecondsPerPage, CostUnit.Microseconds })
        {
            var rows = measurements.Where(m => m.Group != ForkCost.Group && m.Unit == unit)
                                   .Select(m => new CostBar(m.Name, m.Statistics.Median, m.Statistics.Min, m.Statistics.Max)).ToList();
            if (rows.Count == 0) continue;
            panels.Add(unit == CostUnit.NanosecondsPerPage
                ? CostBars.Build("fault costs, per page (median, min..max)", "ns per page", rows)
                : CostBars.Build("whole runs (median, min..max)", "µs per run", rows));
        }
        return panels;
    }

    private static Plot Fork(CostMeasurement[] forks)
    {
        var plot = ChartStyle.Create("fork time as the touched heap grows", "touched heap pages", "µs per fork");
        double[] pages = [.. forks.Select(f => (double)f.PagesPerSample)];
        double[] medians = [.. forks.Select(f => f.Statistics.Median)];
        var line = plot.Add.Scatter(pages, medians, ChartStyle.Series(0));
        line.LegendText = ForkLegend;
        line.LineWidth = 2;
        line.MarkerSize = 7;
        var whiskers = plot.Add.ErrorBar(pages, medians, new double[forks.Length]);
        whiskers.YErrorNegative = [.. forks.Select(f => f.Statistics.Median - f.Statistics.Min)];
        whiskers.YErrorPositive = [.. forks.Select(f => f.Statistics.Max - f.Statistics.Median)];
        whiskers.LegendText = "min..max";
        whiskers.Color = Colors.Black;
        ChartStyle.FromZero(plot, forks.Max(f => f.Statistics.Max));
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
