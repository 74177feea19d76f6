using ScottPlot;

namespace MmapToolkit.Cli.Charts;

/// <summary>One policy's faults at each frame count, and the frame counts where it shows Belady's anomaly.</summary>
internal sealed record FaultSeries(string Name, int[] Frames, long[] Faults, IReadOnlyCollection<int> Anomalies);

/// <summary>
/// <c>sim --chart</c>: faults against frames, a line per policy; Belady's anomaly points (more frames, more faults)
/// circled; LRU's curve from one pass over the trace (stack distances) as a dashed line.
/// </summary>
internal static class FaultCurveChart
{
    public const string AnomalyLegend = "Belady's anomaly (more frames, more faults)";
    public const string OnePassLegend = "LRU, one pass (stack distances)";

    // More points than this: lines only, the markers would merge into a band.
    private const int MarkedPoints = 120;

    public static Plot Build(string title, IReadOnlyList<FaultSeries> series, FaultSeries? onePassLru)
    {
        var plot = ChartStyle.Create(title, "frames", "page faults");
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var line = plot.Add.Scatter(s.Frames.Select(f => (double)f).ToArray(), s.Faults.Select(f => (double)f).ToArray(), ChartStyle.Series(i));
            line.LegendText = s.Name;
            line.LineWidth = 2;
            line.MarkerSize = s.Frames.Length <= MarkedPoints ? 5 : 0;
        }
        if (onePassLru is not null)
        {
            var curve = plot.Add.ScatterLine(onePassLru.Frames.Select(f => (double)f).ToArray(), onePassLru.Faults.Select(f => (double)f).ToArray(), Colors.Black);
            curve.LegendText = OnePassLegend;
            curve.LinePattern = LinePattern.Dashed;
            curve.LineWidth = 1.5f;
        }
        var anomalies = series.SelectMany(s => s.Frames.Select((f, i) => (Frame: f, Faults: s.Faults[i])).Where(p => s.Anomalies.Contains(p.Frame))).ToArray();
        if (anomalies.Length > 0)
        {
            var marks = plot.Add.Markers(anomalies.Select(a => (double)a.Frame).ToArray(), anomalies.Select(a => (double)a.Faults).ToArray(),
                                         MarkerShape.OpenCircle, 14, ChartStyle.Highlight);
            marks.LegendText = AnomalyLegend;
            marks.MarkerLineWidth = 2;
        }
        long highest = series.Append(onePassLru).Where(s => s is not null).SelectMany(s => s!.Faults).DefaultIfEmpty(0).Max();
        ChartStyle.FromZero(plot, highest, integerX: true);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
