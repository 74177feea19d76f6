using System.Text.Json;
using MmapToolkit.Cli.Charts;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests.Charts;

/// <summary><c>demo thrashing</c>: its working-set view (text and JSON) and <c>--chart</c>, the thrashing cliff, on the
/// model and the real pager; --chart refused on a demo without a working-set view. Alone: the real side maps pager
/// regions and forks agents.</summary>
[Collection(KernelCountersCollection.Name)]
public class DemoThrashingChartTests
{
    [Fact]
    public void The_svg_cliff_holds_each_policy_on_the_model_and_the_real_pager_and_the_frame_count()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cliff.svg");
        var run = Mmaptk.Run("demo", "thrashing", "--chart", path);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        // The real pager replays the same loops; its faults are its own count, and the demo says where they equal the model's.
        Assert.Contains($"chart: {path} (SVG, 900x540)\n", run.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("the thrashing cliff: faults per reference of loops over 1..16 pages, 20 passes, 8 frames; " +
                        "real pager equals the model at 48 of 48 points", Words(run.Stdout));
        var svg = ChartFiles.ReadSvg(path);
        Assert.Equal((ChartFile.Width, ChartFile.Height), (svg.Width, svg.Height));
        foreach (string policy in new[] { "lru", "clock", "opt" })
        {
            Assert.Contains(ThrashingCliffChart.ModelLegend(policy), svg.Texts);
            Assert.Contains(ThrashingCliffChart.RealLegend(policy), svg.Texts);
        }
        Assert.Contains(ThrashingCliffChart.FramesLegend(8), svg.Texts);
        Assert.Contains("the thrashing cliff: a loop over W pages, 20 passes, 8 frames", svg.Texts);
        Assert.Contains("faults per reference", svg.Texts);
    }

    [Fact]
    public void Model_only_the_png_has_the_stated_size_and_no_real_series()
    {
        using var dir = new TempDirectory();
        string png = dir.File("cliff.png"), svg = dir.File("cliff.svg");
        var run = Mmaptk.Run("demo", "thrashing", "--model-only", "--chart", png);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("8 frames; model only (--model-only was given)", Words(run.Stdout));
        // A pipe is 80 columns: the table, the working-set view and the chart's sentence all fit.
        Assert.All(run.Stdout.ReplaceLineEndings("\n").Split('\n'), l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.Equal((ChartFile.Width, ChartFile.Height), ChartFiles.PngSize(png));

        Assert.Equal(0, Mmaptk.Run("demo", "thrashing", "--model-only", "--chart", svg).ExitCode);
        var texts = ChartFiles.ReadSvg(svg).Texts;
        Assert.Contains(ThrashingCliffChart.ModelLegend("lru"), texts);
        Assert.DoesNotContain(ThrashingCliffChart.RealLegend("lru"), texts);
    }

    // The output with every run of white space (a wrapped line's break and indent) as one space.
    private static string Words(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [Theory]
    [InlineData("cow-fork", "--chart draws the thrashing cliff of a demo with a working-set view (demo thrashing); 'cow-fork' has none")]
    [InlineData("--all", "--chart draws one demo: name it instead of --all")]
    [InlineData("--list", "--chart draws one demo: name it instead of --list")]
    public void Chart_is_refused_where_there_is_no_cliff_before_anything_runs(string what, string message)
    {
        using var dir = new TempDirectory();
        string path = dir.File("c.svg");
        var run = Mmaptk.Run("demo", what, "--model-only", "--chart", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: {message}", run.Stderr.Trim());
        Assert.Empty(run.Stdout);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_chart_name_that_cannot_be_written_is_refused_before_the_demo_runs()
    {
        using var dir = new TempDirectory();
        var run = Mmaptk.Run("demo", "thrashing", "--chart", dir.File("missing/c.svg"));
        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void The_working_set_view_follows_the_table_with_both_sides_per_window()
    {
        var run = Mmaptk.Run("demo", "thrashing");
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Contains("working set W(t, Δ = 10)", run.Stdout);
        Assert.Contains("9 > 8", run.Stdout);   // a loop over 9 pages does not fit in 8 frames
        Assert.Contains("replay lru 8 0..8x20  (lru, 8 frames)", run.Stdout);
    }

    [Fact]
    public void The_working_set_json_has_numbers_and_the_real_pagers_faults_per_window()
    {
        var run = Mmaptk.Run("demo", "thrashing", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var json = run.Json();
        var views = json.GetProperty("working_set").EnumerateArray().ToList();
        Assert.Equal(5, views.Count);
        foreach (var v in views)
        {
            Assert.Equal(8, v.GetProperty("frames").GetInt32());
            Assert.Equal(10, v.GetProperty("delta").GetInt32());
            Assert.Equal(20, v.GetProperty("window").GetInt32());
            Assert.Equal(JsonValueKind.Null, v.GetProperty("kernel_unavailable").ValueKind);
            foreach (var w in v.GetProperty("windows").EnumerateArray())
            {
                Assert.Equal(JsonValueKind.Number, w.GetProperty("working_set").ValueKind);
                Assert.Equal(JsonValueKind.Number, w.GetProperty("model_fault_rate").ValueKind);
                // The pager's own count of each window, which the demo requires to equal the model's (window-faults agree).
                Assert.Equal(w.GetProperty("model_faults").GetInt64(), w.GetProperty("kernel_faults").GetInt64());
            }
        }
        var phases = views[4].GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal([6, 0, 0, 14, 20, 20, 20, 16, 0, 0, 0], phases.Select(w => w.GetProperty("kernel_faults").GetInt64()));
        Assert.Equal([6, 6, 6, 9, 9, 9, 9, 6, 6, 6, 6], phases.Select(w => w.GetProperty("working_set").GetInt32()));
        Assert.All(json.GetProperty("comparisons").EnumerateArray().Where(c => c.GetProperty("counter").GetString() == "window-faults"),
                   c => Assert.Equal("agree", c.GetProperty("verdict").GetString()));
    }

    [Fact]
    public void Model_only_the_json_says_why_the_kernel_column_is_empty()
    {
        var json = Mmaptk.Run("demo", "thrashing", "--json", "--model-only").Json();
        var view = json.GetProperty("working_set")[0];
        Assert.Equal("--model-only was given", view.GetProperty("kernel_unavailable").GetString());
        Assert.All(view.GetProperty("windows").EnumerateArray(), w => Assert.Equal(JsonValueKind.Null, w.GetProperty("kernel_faults").ValueKind));
    }
}
