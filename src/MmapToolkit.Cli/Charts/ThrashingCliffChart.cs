using MmapToolkit.Demos.Running;
using ScottPlot;

namespace MmapToolkit.Cli.Charts;

/// <summary>
/// <c>demo thrashing --chart</c>: the thrashing cliff. Faults per reference of a loop over W pages against W, one line
/// per policy on the model, the real pager's points as open circles over them, and the frame count drawn across: left of
/// it a loop faults once per page and pass 1 only, right of it nearly every reference faults. Build from any
/// <see cref="ThrashingCliff"/> (the HTML report can draw the same picture).
/// </summary>
internal static class ThrashingCliffChart
{
    public static string ModelLegend(string policy) => $"{policy.ToUpperInvariant()}, model";
    public static string RealLegend(string policy) => $"{policy.ToUpperInvariant()}, real pager";
    public static string FramesLegend(int frames) => $"{frames} frames: a larger W thrashes";

    public static Plot Build(ThrashingCliff cliff)
    {
        ArgumentNullException.ThrowIfNull(cliff);
        var plot = ChartStyle.Create($"the thrashing cliff: a loop over W pages, {cliff.Passes} passes, {cliff.Frames} frames",
                                     "working set W (pages the loop touches)", "faults per reference");
        for (int i = 0; i < cliff.Model.Count; i++)
        {
            var s = cliff.Model[i];
            var line = plot.Add.Scatter(Xs(s), Ys(s), ChartStyle.Series(i));
            line.LegendText = ModelLegend(s.Policy);
            // Policies that fault alike (LRU and CLOCK on a loop) draw the same line: later ones dashed, so both show.
            line.LineWidth = i == 0 ? 3 : 2;
            line.LinePattern = i == 0 ? LinePattern.Solid : LinePattern.Dashed;
            line.MarkerSize = 5;
        }
        foreach (var s in cliff.Real)
        {
            int i = cliff.Model.ToList().FindIndex(m => m.Policy == s.Policy);
            var marks = plot.Add.Markers(Xs(s), Ys(s), MarkerShape.OpenCircle, 13, ChartStyle.Series(Math.Max(i, 0)));
            marks.LegendText = RealLegend(s.Policy);
            marks.MarkerLineWidth = 2;
        }
        var frames = plot.Add.VerticalLine(cliff.Frames, 1.5f, Colors.Gray, LinePattern.Dashed);
        frames.LegendText = FramesLegend(cliff.Frames);
        ChartStyle.FromZero(plot, 1.0, integerX: true);
        plot.Axes.SetLimitsX(0, 2 * cliff.Frames + 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static double[] Xs(CliffSeries s) => s.Points.Select(p => (double)p.WorkingSet).ToArray();

    private static double[] Ys(CliffSeries s) => s.Points.Select(p => p.FaultsPerReference).ToArray();
}
