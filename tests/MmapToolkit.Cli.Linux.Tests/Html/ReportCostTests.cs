using System.Text.RegularExpressions;
using MmapToolkit.Cli.Charts;
using MmapToolkit.Cli.Html;
using MmapToolkit.Cli.Linux.Tests.Support;
using SkiaSharp;

namespace MmapToolkit.Cli.Linux.Tests.Html;

/// <summary><c>report --html</c> on the real kernel: every demo, the charts, and the cost figures measured by the run
/// itself. Written once for the class.</summary>
public sealed class FullReport() : ReportRun();

/// <summary>
/// The report's cost figures, measured by the report (<c>cost</c>'s groups at small sizes): a table row per figure
/// with its numbers, the load they were measured under, the command that measures the same, and the cost charts;
/// then the whole page in headless Chromium, every chart drawn (not blank, each series' colour on screen). Alone:
/// the demos' real side and the cost groups fork.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public class ReportCostTests(FullReport report) : IClassFixture<FullReport>
{
    private static readonly string[] Measured =
        ["demand_zero_touch", "memset_fresh", "memset_resident", "cow_fault", "fork_heap_1000", "fork_heap_10000"];

    private static readonly string[] Text = ["text_touch_random", "text_touch_readahead", "text_read_all"];

    [Fact]
    public void TheCostTableHasARowWithNumbersForEveryFigureThisRunMeasured()
    {
        Assert.True(report.Result.ExitCode == 0, report.Result.Stdout + report.Result.Stderr);
        var rows = ReportHtml.CostRows(report.Html);
        // Text on demand needs a temp directory whose pages can be evicted: where it cannot, the page says so instead.
        bool text = !report.Html.Contains("<p class=\"not-measured\">not measured: text on demand vs read():");
        Assert.Equal(text ? [.. Measured, .. Text] : Measured, rows.Select(r => r.Name));
        foreach (var r in rows)
        {
            Assert.Equal(["median", "min", "max", "spread"], r.Values.Keys);
            Assert.True(r.Values["min"] > 0 && r.Values["min"] <= r.Values["median"] && r.Values["median"] <= r.Values["max"], r.Row);
            Assert.True(r.Values["spread"] >= 0 && double.IsFinite(r.Values["spread"]), r.Row);
            // The shown figure is the measured one, rounded as cost prints it.
            string median = Regex.Match(r.Row, "<td class=\"figure\" data-col=\"median\"[^>]*>([^<]+)</td>").Groups[1].Value;
            Assert.Equal(r.Values["median"], double.Parse(median, System.Globalization.CultureInfo.InvariantCulture), r.Values["median"] >= 100 ? 0.5 : 0.05);
        }
        Assert.Equal(rows.Count, Regex.Matches(report.Html, "<tr class=\"cost-figure\"").Count);
        var index = ReportHtml.Index(report.Html).Single(e => e.Target == ReportCostSection.Id);
        Assert.Equal($"Costs measured by this run ({rows.Count} figures)", index.Text);
    }

    [Fact]
    public void ThePageSaysTheFiguresComeFromThisRunUnderWhatLoad()
    {
        string html = report.Html;
        Assert.Contains("These figures come from this run of the report (", html);
        var load = Regex.Match(html, @"<p class=""load"">Load average (\d+\.\d\d) before the measurements, (\d+\.\d\d) after, on (\d+) cores\.</p>");
        Assert.True(load.Success, "no load average line");
        Assert.Equal(Environment.ProcessorCount, int.Parse(load.Groups[3].Value));
        // The warning goes with the figures exactly when the load passed the cores.
        bool overloaded = load.Groups.Values.Skip(1).Take(2).Any(g => double.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture) > Environment.ProcessorCount);
        Assert.Equal(overloaded, html.Contains("<p class=\"warning\">Warning: more work than cores"));
        Assert.Contains($"<pre class=\"commands\">{ReportCost.Command(ReportCost.Options)}</pre>", html);
        string stdout = report.Result.Stdout.ReplaceLineEndings("\n");
        Assert.Matches($@"\ncost: {ReportHtml.CostRows(html).Count} figures measured now \({Regex.Escape(ReportCost.Command(ReportCost.Options))}\); load average \d+\.\d\d on \d+ cores", stdout);
    }

    [Fact]
    public void TheThrashingCliffHasTheRealPagersPoints_EqualToTheModel()
    {
        var m = System.Text.RegularExpressions.Regex.Match(report.Result.Stdout, @"chart thrashing-cliff: real pager equals the model at (\d+) of (\d+) points");
        Assert.True(m.Success, report.Result.Stdout);
        Assert.Equal(m.Groups[2].Value, m.Groups[1].Value);
        Assert.True(int.Parse(m.Groups[2].Value) > 0);
        var texts = ReportHtml.Texts(ReportHtml.Chart(report.Html, "thrashing-cliff-chart"));
        Assert.Contains(MmapToolkit.Cli.Charts.ThrashingCliffChart.RealLegend("lru"), texts);
    }

    [Fact]
    public void TheCostChartsAreInlineWithTheirSeries()
    {
        var charts = ReportHtml.ChartIds(report.Html);
        Assert.Equal(["sim-notes-chart", "sim-zipf-chart", "thrashing-cliff-chart", "cost-chart-0", "cost-chart-1", .. charts.Count > 5 ? new[] { "cost-chart-2" } : []], charts);
        var fork = ReportHtml.Texts(ReportHtml.Chart(report.Html, "cost-chart-0"));
        Assert.Contains("fork time as the touched heap grows", fork);
        Assert.Contains(CostChart.ForkLegend, fork);
        var perPage = ReportHtml.Texts(ReportHtml.Chart(report.Html, "cost-chart-1"));
        foreach (string name in new[] { "demand_zero_touch", "memset_fresh", "memset_resident", "cow_fault" }) Assert.Contains(name, perPage);
    }

    /// <summary>The page in a real browser: each chart laid out at its size, and its pixels not blank — the series'
    /// colours on screen where the chart draws lines (the simulator's) or bars (the costs').</summary>
    [ChromiumFact]
    public void EveryChartRendersInTheBrowser()
    {
        using var browser = ChromiumDevTools.Start(width: 1200, height: 900);
        browser.Open(report.Path);
        var boxes = browser.Evaluate("""
            Array.from(document.querySelectorAll('svg.chart')).map(s => {
              const r = s.getBoundingClientRect();
              return { id: s.id, x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height,
                       paths: s.querySelectorAll('path').length, texts: s.querySelectorAll('text').length };
            })
            """)!.AsArray().Select(n => n!.AsObject()).ToList();
        Assert.Equal(ReportHtml.ChartIds(report.Html), boxes.Select(b => b["id"]!.GetValue<string>()));

        foreach (var b in boxes)
        {
            string id = b["id"]!.GetValue<string>();
            double width = b["width"]!.GetValue<double>(), height = b["height"]!.GetValue<double>();
            // max-width 900 px and the file's aspect ratio, in a 1200-pixel window: the chart's own size.
            Assert.True(Math.Abs(width - ChartFile.Width) <= 2 && Math.Abs(height - ChartFile.Height) <= 2, $"{id}: laid out {width}x{height}");
            Assert.True(b["paths"]!.GetValue<int>() > 10 && b["texts"]!.GetValue<int>() > 5, $"{id}: {b.ToJsonString()}");

            using var bitmap = SKBitmap.Decode(browser.Screenshot(b["x"]!.GetValue<double>(), b["y"]!.GetValue<double>(), width, height));
            Assert.NotNull(bitmap);
            var colours = new Dictionary<SKColor, int>();
            foreach (var pixel in bitmap.Pixels) colours[pixel] = colours.GetValueOrDefault(pixel) + 1;
            Assert.True(colours.Count > 30, $"{id}: {colours.Count} colours, a blank chart");
            Assert.True(colours.Values.Max() < bitmap.Pixels.Length * 0.97, $"{id}: one colour covers 97% of it");
            int series = id.StartsWith("sim-notes") ? 4 : id.StartsWith("sim-zipf") ? 5 : 1;
            for (int i = 0; i < series; i++)
            {
                var c = ChartStyle.Series(i);
                // Lines in the colour itself; the cost bars filled with it at 80 % opacity over white.
                var bar = new SKColor((byte)(c.R * 0.8 + 51), (byte)(c.G * 0.8 + 51), (byte)(c.B * 0.8 + 51));
                int near = bitmap.Pixels.Count(p => Near(p, c.R, c.G, c.B) || Near(p, bar.Red, bar.Green, bar.Blue));
                Assert.True(near > 20, $"{id}: {near} pixels of series {i}'s colour #{c.R:X2}{c.G:X2}{c.B:X2}");
            }
        }
    }

    private static bool Near(SKColor p, byte r, byte g, byte b) => Math.Abs(p.Red - r) + Math.Abs(p.Green - g) + Math.Abs(p.Blue - b) < 40;
}
