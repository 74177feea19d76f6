using System.Globalization;
using ScottPlot;

namespace MmapToolkit.Cli.Charts;

/// <summary>One measured cost: its median and range, or the reason it was not measured (then no bar, "n/a" by its name).</summary>
internal sealed record CostBar(string Name, double Median, double Min, double Max, string? Unavailable = null);

/// <summary>
/// Horizontal bars of measured costs, one per row, top to bottom in the order given: the median as the bar and its
/// value written beside it, min..max as a whisker; optionally one reference figure drawn across as a dashed line.
/// </summary>
internal static class CostBars
{
    public static Plot Build(string title, string unit, IReadOnlyList<CostBar> rows, (string Legend, double Value)? reference = null)
    {
        var plot = ChartStyle.Create(title, unit, "");
        int n = rows.Count;
        double Position(int i) => n - 1 - i;   // the first row on top
        var bars = new List<Bar>();
        for (int i = 0; i < n; i++)
        {
            var r = rows[i];
            if (r.Unavailable is not null) continue;
            bars.Add(new Bar
            {
                Position = Position(i), Value = r.Median, Size = 0.7, FillColor = ChartStyle.Series(0).WithAlpha(0.8),
                Label = Figure(r.Median), Orientation = Orientation.Horizontal,
            });
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontName = ChartStyle.Font;
        barPlot.ValueLabelStyle.FontSize = 10;
        var measured = Enumerable.Range(0, n).Where(i => rows[i].Unavailable is null).ToArray();
        if (measured.Length > 0)
        {
            var whiskers = plot.Add.ErrorBar(measured.Select(i => rows[i].Median).ToArray(), measured.Select(Position).ToArray(), new double[measured.Length]);
            whiskers.YErrorPositive = whiskers.YErrorNegative = new double[measured.Length];
            whiskers.XErrorNegative = measured.Select(i => rows[i].Median - rows[i].Min).ToArray();
            whiskers.XErrorPositive = measured.Select(i => rows[i].Max - rows[i].Median).ToArray();
            whiskers.LegendText = "min..max";
            whiskers.Color = Colors.Black;
        }
        if (reference is { } mark)
        {
            var line = plot.Add.VerticalLine(mark.Value, 2, ChartStyle.Highlight, LinePattern.Dashed);
            line.LegendText = mark.Legend;
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, n).Select(Position).ToArray(),
            rows.Select(r => r.Unavailable is null ? r.Name : $"{r.Name} (n/a)").ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsY(-0.6, n - 0.4);
        double highest = rows.Where(r => r.Unavailable is null).Select(r => r.Max).Append(reference?.Value ?? 0).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsX(0, highest > 0 ? highest * 1.15 : 1);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static string Figure(double v) => v >= 100 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("F1", CultureInfo.InvariantCulture);
}
