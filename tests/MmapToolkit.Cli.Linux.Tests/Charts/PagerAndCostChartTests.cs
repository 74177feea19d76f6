using MmapToolkit.Cli.Charts;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Support;
using MmapToolkit.Pager;

namespace MmapToolkit.Cli.Linux.Tests.Charts;

/// <summary>--chart and --csv of <c>pager</c>, <c>pager cost</c>, <c>pager stress</c>, <c>cost</c> and
/// <c>trace stats</c>, on small real runs. Alone: they map pager regions and fork.</summary>
[Collection(KernelCountersCollection.Name)]
public class PagerAndCostChartTests
{
    // Stores, then a second pass with 3 frames: dirty pages go to swap and come back (zero-fill and swap-in faults).
    private const string Dirty = "0w 1w 2w 3w 4w 0 1 2 3 4";

    private static string[] Lines(Mmaptk.Result run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
    }

    [Fact]
    public void The_pager_timeline_has_a_series_per_kind_of_fault()
    {
        using var dir = new TempDirectory();
        string path = dir.File("timeline.svg");
        var run = Mmaptk.Run("pager", "--policy", "fifo", "--frames", "3", "--trace", Dirty, "--chart", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"chart: {path} (SVG, 900x540)", run.Stdout);
        var svg = ChartFiles.ReadSvg(path);
        Assert.Contains(PagerFaultCause.ZeroFill.Label(), svg.Texts);
        Assert.Contains(PagerFaultCause.SwapIn.Label(), svg.Texts);
        Assert.DoesNotContain(PagerFaultCause.FileRead.Label(), svg.Texts);   // an anonymous region reads no file
    }

    [Fact]
    public void The_pager_csv_is_the_counter_table()
    {
        var lines = Lines(Mmaptk.Run("pager", "--policy", "fifo", "--frames", "3", "--trace", Dirty, "--csv"));
        Assert.Equal("counter,pager,model", lines[0]);
        // FIFO, 3 frames: 5 zero-fills, then every page of the second pass is out again: 5 swap-ins. 7 evictions: the 5
        // stored pages go to swap; pages 0 and 1, swapped in by loads and clean, are dropped.
        Assert.Equal(["page_faults,10,10", "evictions,7,7", "swap_outs,5,5", "swap_ins,5,5"], lines[1..5]);
        Assert.StartsWith("reference_faults,", lines[5]);
        Assert.EndsWith(",", lines[5]);   // the model has no reference faults: an empty cell
    }

    [Fact]
    public void Pager_cost_draws_every_row_and_marks_the_bare_round_trip()
    {
        using var dir = new TempDirectory();
        string svgPath = dir.File("cost.svg");
        var run = Mmaptk.Run("pager", "cost", "--pages", "16", "--repetitions", "1", "--backend", "sigsegv", "--chart", svgPath, "--csv");
        var lines = Lines(run);
        Assert.Equal("fault,median_ns,min_ns,max_ns,relative_spread,vs_kernel,vs_bare,samples,unavailable", lines[0]);
        var names = lines[1..].Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(PagerCost.RowsFor(PagerBackend.Sigsegv), names.Length);
        Assert.Equal(["kernel_demand_zero", "sigsegv_mprotect"], names[..2]);
        Assert.Equal("1", lines[2].Split(',')[6]);   // the bare round trip against itself
        var svg = ChartFiles.ReadSvg(svgPath);
        Assert.Contains(PagerCostChart.BareLegend, svg.Texts);
        Assert.All(names, n => Assert.Contains(n, svg.Texts));
    }

    [Fact]
    public void Cost_draws_fork_time_and_the_fault_bars_side_by_side()
    {
        using var dir = new TempDirectory();
        string png = dir.File("cost.png"), svgPath = dir.File("cost.svg");
        var run = Mmaptk.Run("cost", "--pages", "16", "--touched", "4", "--repetitions", "1", "--fork-sizes", "10,100", "--only", "fork", "--chart", svgPath);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var svg = ChartFiles.ReadSvg(svgPath);
        Assert.Equal((900, 540), (svg.Width, svg.Height));
        Assert.Contains(CostChart.ForkLegend, svg.Texts);
        Assert.Contains("fork time as the touched heap grows", svg.Texts);

        run = Mmaptk.Run("cost", "--pages", "16", "--touched", "4", "--repetitions", "1", "--only", "demand-zero", "--chart", png, "--csv");
        var lines = Lines(run);
        Assert.Equal("measurement,group,unit,median,min,max,spread_percent,total_median_us,minor_faults_min,minor_faults_max,major_faults_min,major_faults_max,samples", lines[0]);
        Assert.Equal(["demand_zero_touch", "memset_fresh", "memset_resident"], lines[1..].Select(l => l.Split(',')[0]));
        Assert.Equal((900, 540), ChartFiles.PngSize(png));   // one panel: no fork figures were measured
    }

    [Fact]
    public void Pager_stress_csv_is_a_row_per_counter()
    {
        var lines = Lines(Mmaptk.Run("pager", "stress", "--pages", "64", "--frames", "8", "--threads", "2", "--seconds", "0.1", "--csv"));
        Assert.Equal("counter,count", lines[0]);
        var counters = lines[1..].ToDictionary(l => l.Split(',')[0], l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(64, counters["pages_verified"]);
        Assert.Equal(0, counters["lost_pages"]);
        Assert.Equal(counters["zero_fills"] + counters["swap_ins"], counters["page_faults"]);
    }

    [Fact]
    public void Trace_stats_csv_holds_both_tables()
    {
        using var dir = new TempDirectory();
        string path = dir.File("s.txt");
        File.WriteAllText(path, "0 1 2 0 1w 2 3 3");
        var lines = Lines(Mmaptk.Run("trace", "stats", path, "--window", "3", "--samples", "4", "--csv"));
        Assert.Equal(["table,from,to,value,share", "reuse_distance,1,1,1,0.125", "reuse_distance,2,3,3,0.375", "reuse_distance,4,4,0,0",
                      "first_use,,,4,0.5", "working_set,2,2,2,", "working_set,4,4,3,", "working_set,6,6,3,", "working_set,8,8,2,"], lines);
    }

    [Theory]
    [InlineData("pager", "--frames", "3", "--trace", "0 1", "--chart", "t.gif")]
    [InlineData("pager", "cost", "--chart", "c.pdf")]
    [InlineData("cost", "--chart", "c.txt")]
    public void A_bad_chart_name_is_refused_before_any_work(params string[] args)
    {
        var run = Mmaptk.Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"^mmaptk: error: --chart '[a-z]\.[a-z]+': a chart is written as \.svg or \.png, not '\.[a-z]+'$", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);
    }
}
