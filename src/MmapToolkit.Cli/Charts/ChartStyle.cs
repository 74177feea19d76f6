using ScottPlot;

namespace MmapToolkit.Cli.Charts;

/// <summary>
/// The look every chart shares: one font family at fixed sizes, a fixed palette, white background. DejaVu Sans is on
/// Debian and Ubuntu by default (fonts-dejavu-core); where it is missing SkiaSharp draws with its nearest font and
/// the chart still holds every series, but its pixels differ.
/// </summary>
internal static class ChartStyle
{
    public const string Font = "DejaVu Sans";

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>The n-th series' colour: the same series order gives the same colours.</summary>
    public static Color Series(int index) => Palette.GetColor(index);

    /// <summary>Marks what the chart is about: Belady's anomaly, the bare round trip.</summary>
    public static readonly Color Highlight = Colors.Red;

    /// <summary>A plot with the shared fonts, sizes and labels.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title, 15);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = 11;
            axis.TickLabelStyle.FontName = Font;
        }
        plot.Legend.FontSize = 11;
        plot.Legend.FontName = Font;
        return plot;
    }

    /// <summary>The y axis from 0 (a count or a time: its zero matters) to a little above the data; integer ticks on x
    /// when x counts something (frames, pages).</summary>
    public static void FromZero(Plot plot, double highest, bool integerX = false)
    {
        plot.Axes.SetLimitsY(0, highest > 0 && double.IsFinite(highest) ? highest * 1.12 : 1);
        if (integerX) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (highest >= 5) plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
    }
}
