using System.Text.RegularExpressions;
using MmapToolkit.Cli.Charts;
using MmapToolkit.Cli.Html;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests.Html;

/// <summary><c>mmaptk report --html FILE</c>: one page with an index, the simulator's charts inline as SVG (the
/// notes' reference string and a generated Zipf trace, each the chart <c>sim --chart</c> draws for the same trace),
/// and every demo's own page inline. Model only: nothing forks, and no cost is measured (ReportCostTests measures).</summary>
public class ReportCommandTests(ModelOnlyReport report) : IClassFixture<ModelOnlyReport>
{
    [Fact]
    public void OnePageWithAnIndexAndEveryDemoInline()
    {
        var demos = Mmaptk.Run("demo", "--list", "--json").Json().EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToList();

        Assert.Equal(0, report.Result.ExitCode);
        Assert.Contains($"html: {report.Path} ({demos.Count} demos)", report.Result.Stdout);
        string html = report.Html;
        Assert.Equal(demos, Regex.Matches(html, "<tr class=\"agree\" data-demo=\"([^\"]+)\">").Select(m => m.Groups[1].Value));
        foreach (string name in demos)
            Assert.Matches($"<section class=\"demo\" id=\"demo-{Regex.Escape(name)}\"><iframe loading=\"lazy\" title=\"demo {Regex.Escape(name)}\" srcdoc=\"&lt;!DOCTYPE html&gt;", html);
        Assert.DoesNotContain("<script", html);   // each demo's script is inside its escaped srcdoc
        // Nothing fetched: the only addresses are the inline charts' XML namespace names, which name and fetch nothing.
        string withoutNamespaces = html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "").Replace("xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
        foreach (string fetches in new[] { "src=", "<link", "http:", "https:", "<img", "<object", "<embed" })
            Assert.DoesNotContain(fetches, withoutNamespaces, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheIndexNamesEverySectionAndEachEntryLeadsToIt()
    {
        var index = ReportHtml.Index(report.Html);

        Assert.Equal(["sim-notes", "sim-zipf", "thrashing-cliff", "cost", "demos"], index.Select(e => e.Target));
        var ids = ReportHtml.Ids(report.Html);
        foreach (var e in index) Assert.Contains(e.Target, ids);
        Assert.Equal("Simulator: page faults against frames on the notes' reference string", index[0].Text);
        Assert.Equal("Simulator: page faults against frames on a generated Zipf trace", index[1].Text);
        Assert.Equal("Thrashing: faults per reference as the working set passes 8 frames", index[2].Text);
        Assert.Equal("Costs: not measured (--model-only runs nothing on the real kernel)", index[3].Text);
        int demos = Regex.Matches(report.Html, "<tr class=\"[a-z]+\" data-demo=").Count;
        Assert.Equal($"Demos ({demos}): model and real kernel, step by step", index[4].Text);
        // In the page's order, after the index.
        var positions = index.Select(e => report.Html.IndexOf($" id=\"{e.Target}\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.True(positions[0] > report.Html.IndexOf("<nav id=\"index\">", StringComparison.Ordinal));
    }

    [Fact]
    public void TheThrashingCliffIsDemoThrashingsChartInline_ModelOnlyWithTheReason()
    {
        var svg = ReportHtml.Chart(report.Html, "thrashing-cliff-chart");
        var texts = ReportHtml.Texts(svg);

        foreach (string policy in new[] { "lru", "clock", "opt" })
            Assert.Contains(ThrashingCliffChart.ModelLegend(policy), texts);
        Assert.DoesNotContain(ThrashingCliffChart.RealLegend("lru"), texts);
        Assert.Contains(ThrashingCliffChart.FramesLegend(8), texts);
        Assert.Contains("The real pager did not run: ", report.Html);
        Assert.Contains("chart thrashing-cliff: model only (", report.Result.Stdout);
    }

    [Fact]
    public void WithoutTheRealKernelTheCostSectionSaysWhyItHasNoFigures()
    {
        Assert.Contains("cost: not measured (--model-only runs nothing on the real kernel)\n", report.Result.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("<p class=\"not-measured\">Not measured: --model-only runs nothing on the real kernel.", report.Html);
        Assert.Empty(ReportHtml.CostRows(report.Html));
        Assert.DoesNotContain("cost-chart-", report.Html);
    }

    [Theory]
    [InlineData("sim-notes", "page faults per frame count: 12 references, 5 distinct pages", new[] { "fifo", "lru", "opt", "clock" })]
    [InlineData("sim-zipf", "page faults per frame count: 50,000 references, 1,000 distinct pages", new[] { "fifo", "lru", "clock", "arc", "opt" })]
    public void EachSimulatorChartIsInlineSvgWithItsSeries(string section, string title, string[] policies)
    {
        var svg = ReportHtml.Chart(report.Html, $"{section}-chart");
        var texts = ReportHtml.Texts(svg);

        Assert.Contains(title, texts);
        Assert.Contains("frames", texts);
        Assert.Contains("page faults", texts);
        foreach (string p in policies) Assert.Contains(p, texts);
        Assert.Contains(FaultCurveChart.OnePassLegend, texts);
        // Each policy's line in its own colour, as sim --chart draws them.
        var strokes = ReportHtml.Strokes(svg);
        for (int i = 0; i < policies.Length; i++)
        {
            var c = ChartStyle.Series(i);
            Assert.Contains($"#{c.R:X2}{c.G:X2}{c.B:X2}", strokes);
        }
        Assert.Equal($"viewBox=\"0 0 {ChartFile.Width} {ChartFile.Height}\"", Regex.Match(report.Html, $"<svg id=\"{section}-chart\"[^>]*?(viewBox=\"[^\"]*\")").Groups[1].Value);
        Assert.Matches($"<section class=\"sim\" id=\"{section}\" data-policies=\"{string.Join(',', policies)}\">", report.Html);
    }

    [Fact]
    public void TheNotesChartShowsBeladysAnomalyOnlyWhereTheNotesSayItIs()
    {
        var texts = ReportHtml.Texts(ReportHtml.Chart(report.Html, "sim-notes-chart"));

        Assert.Contains(FaultCurveChart.AnomalyLegend, texts);   // FIFO (and CLOCK): 9 faults with 3 frames, 10 with 4
        Assert.Contains(ReportSimCharts.NotesString, report.Html);
    }

    [Fact]
    public void ChartIdsAreTheirOwnSoEveryClipPathResolvesInsideItsChart()
    {
        var charts = ReportHtml.ChartIds(report.Html);
        Assert.Equal(["sim-notes-chart", "sim-zipf-chart", "thrashing-cliff-chart"], charts);
        var all = new List<string>();
        foreach (string id in charts)
        {
            var svg = ReportHtml.Chart(report.Html, id);
            var ids = svg.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
            Assert.NotEmpty(ids);
            Assert.All(ids, i => Assert.StartsWith($"{id}-", i));
            var references = Regex.Matches(svg.ToString(), @"url\(#([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(references);
            Assert.All(references, r => Assert.Contains(r, ids));
            all.AddRange(ids);
        }
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    /// <summary>The report draws with sim's chart builder: the same paths and texts as the commands it names.</summary>
    [Fact]
    public void TheNotesChartIsWhatSimDrawsForTheSameString()
    {
        string file = report.TempFile("notes.svg");
        var sim = Mmaptk.Run("sim", "--policy", "fifo,lru,opt,clock", "--frames", "1..7", "--trace", ReportSimCharts.NotesString, "--chart", file);
        Assert.True(sim.ExitCode == 0, sim.Stderr);
        Assert.Contains($"mmaptk sim --policy fifo,lru,opt,clock --frames 1..7 --trace \"{ReportSimCharts.NotesString}\" --chart notes.svg",
                        System.Net.WebUtility.HtmlDecode(report.Html));

        AssertSameDrawing(file, "sim-notes-chart");
    }

    [Fact]
    public void TheZipfChartIsWhatTraceGenAndSimDraw()
    {
        string trace = report.TempFile("zipf.txt"), file = report.TempFile("zipf.svg");
        Assert.Equal(0, Mmaptk.Run("trace", "gen", "--kind", "zipf", "--pages", "1000", "--length", "50000", "--seed", "7", "--out", trace).ExitCode);
        var sim = Mmaptk.Run("sim", "--policy", "fifo,lru,clock,arc,opt", "--frames", "10..300/10", "--trace-file", trace, "--chart", file);
        Assert.True(sim.ExitCode == 0, sim.Stderr);
        Assert.Contains("mmaptk trace gen --kind zipf --pages 1000 --length 50000 --seed 7 --out zipf.txt\n" +
                        "mmaptk sim --policy fifo,lru,clock,arc,opt --frames 10..300/10 --trace-file zipf.txt --chart zipf.svg", report.Html);

        AssertSameDrawing(file, "sim-zipf-chart");
    }

    private void AssertSameDrawing(string file, string id)
    {
        var alone = System.Xml.Linq.XElement.Load(file);
        var inline = ReportHtml.Chart(report.Html, id);
        var paths = ReportHtml.Paths(alone);
        Assert.True(paths.Count > 20, $"{paths.Count} paths in {file}");
        Assert.Equal(paths, ReportHtml.Paths(inline));
        Assert.Equal(ReportHtml.Texts(alone), ReportHtml.Texts(inline));
    }

    [Theory]
    [InlineData(new string[0], "mmaptk: error: report needs --html FILE.html: the page to write")]
    [InlineData(new[] { "--html", "report.txt" }, "mmaptk: error: --html 'report.txt': the page is written as .html, not '.txt'")]
    public void WithoutAPageToWriteItIsOneLineAndExitCode2(string[] args, string line)
    {
        var r = Mmaptk.Run(["report", "--model-only", .. args]);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal(line, r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }
}
