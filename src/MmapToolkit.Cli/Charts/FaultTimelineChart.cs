using MmapToolkit.Pager;
using ScottPlot;

namespace MmapToolkit.Cli.Charts;

/// <summary>
/// <c>pager --chart</c>: every fault the pager's event log holds, in order — the fault's number across, the page up,
/// a point coloured by why it faulted (zero-fill, file read, swap-in, reference, dirty), a series per kind.
/// </summary>
internal static class FaultTimelineChart
{
    private static readonly PagerFaultCause[] Kinds =
        [PagerFaultCause.ZeroFill, PagerFaultCause.FileRead, PagerFaultCause.SwapIn, PagerFaultCause.Reference, PagerFaultCause.Dirty];

    /// <param name="lost">Earlier faults the log overwrote before it was read (it holds the last <see cref="PagerEventLog.Capacity"/>).</param>
    public static Plot Build(string title, IReadOnlyList<PagerEvent> events, long lost)
    {
        var plot = ChartStyle.Create(lost > 0 ? $"{title} (the last {events.Count:N0} faults; {lost:N0} earlier ones left the log)" : title,
                                     "fault number", "page");
        float size = events.Count <= 200 ? 9 : events.Count <= 1000 ? 6 : 4;
        for (int k = 0; k < Kinds.Length; k++)
        {
            var of = events.Where(e => e.Cause == Kinds[k]).ToArray();
            if (of.Length == 0) continue;
            var marks = plot.Add.Markers(of.Select(e => (double)e.Sequence).ToArray(), of.Select(e => (double)e.Page).ToArray(),
                                         MarkerShape.FilledCircle, size, ChartStyle.Series(k));
            marks.LegendText = Kinds[k].Label();
        }
        long highest = events.Count == 0 ? 0 : events.Max(e => e.Page);
        // Pages from 0, with room so page 0's points and the top row are not cut by the frame.
        plot.Axes.SetLimitsY(-0.05 * (highest + 1) - 0.3, (highest + 1) * 1.15);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
