using MmapToolkit.Cli.Html;
using MmapToolkit.Demos;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Measurements;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk report</c>, checked: the page to write (required), the demos, parsed, and the
/// cost groups to measure (none with --model-only or --no-cost; text on demand only where its file can be evicted).</summary>
internal sealed record ReportRequest(HtmlFile Html, IReadOnlyList<Scenario> Scenarios, DemoRun Run,
                                     IReadOnlyList<CostSuite.CostGroup> CostGroups, IReadOnlyList<string> CostSkipped, string? NoCost)
{
    public static ReportRequest From(string? html, bool modelOnly, bool noCost = false)
    {
        var file = HtmlFile.Parse(html) ?? throw new ArgumentException("report needs --html FILE.html: the page to write");
        var run = new DemoRun(modelOnly, ModelZeroPage: null);
        var scenarios = DemoCatalog.LoadAll(facts: run.Facts);
        string? notMeasured = modelOnly ? "--model-only runs nothing on the real kernel" : noCost ? "--no-cost" : null;
        if (notMeasured is not null) return new ReportRequest(file, scenarios, run, [], [], notMeasured);
        var (groups, skipped) = ReportCost.Plan();
        return new ReportRequest(file, scenarios, run, groups, skipped, null);
    }
}

/// <summary>Runs every demo, draws the simulator's charts and measures the costs (a progress bar for each on a
/// terminal), writes the page, and prints one line per demo, per chart and for the costs, then the file.
/// Exit code 1 when any demo shows a difference its scenario does not explain, as <c>demo --all</c>.</summary>
internal static class ReportRunner
{
    public static int Execute(ReportRequest request, CommandOutput output)
    {
        var progress = output.Progress;
        var results = progress.Run(true, "demos", request.Scenarios.Count, sink => request.Scenarios.Select(d =>
        {
            sink.Describe($"demo {d.Name}");
            var r = request.Run.Run(d);
            sink.Step();
            return r;
        }).ToList());
        var charts = progress.Run(true, "simulator charts", ReportSimCharts.Count, sink => ReportSimCharts.Build(sink.Step));
        var cliff = Cliff(request, progress);
        var cost = MeasureCosts(request, progress);
        request.Html.Write(ReportPage.Build(results, charts, cliff, cost));
        foreach (var r in results) output.Out.WriteLine($"{r.Name}: {(r.Agree ? "agree" : "unexplained differences")}");
        foreach (var c in charts) output.Out.WriteLine($"chart {c.Id}: {c.Title} ({string.Join(", ", c.Policies)})");
        if (cliff is not null)
        {
            var (equal, compared) = cliff.Agreement();
            output.Out.WriteLine($"chart {ReportCliffSection.Id}: " + (cliff.RealUnavailable is { } notRun
                ? $"model only ({notRun})" : $"real pager equals the model at {equal} of {compared} points"));
        }
        output.Out.WriteLine(cost.NotMeasured is { } why
            ? $"cost: not measured ({why})"
            : $"cost: {cost.Measurements.Count} figures measured now ({cost.Command}); {cost.LoadAfter!.Describe()}");
        foreach (string s in cost.Skipped) output.Out.WriteLine($"cost: not measured: {s}");
        output.Out.WriteLine($"html: {request.Html.Path} ({results.Count} demos)");
        return results.All(r => r.Agree) ? 0 : 1;
    }

    // demo thrashing --chart's cliff, when the thrashing demo is among the report's demos.
    private static ThrashingCliff? Cliff(ReportRequest request, WorkProgress progress)
    {
        var thrashing = request.Scenarios.FirstOrDefault(s => s.Name == "thrashing");
        if (thrashing is null) return null;
        return progress.Run(true, "thrashing cliff", 1, sink =>
        {
            var cliff = ThrashingCliff.For(thrashing, DemoSession.RealKernelUnavailable(request.Run.ModelOnly));
            sink.Step();
            return cliff;
        });
    }

    private static ReportCostFigures MeasureCosts(ReportRequest request, WorkProgress progress)
    {
        var options = ReportCost.Options;
        if (request.NoCost is { } why) return new ReportCostFigures(options, [], null, null, DateTimeOffset.UtcNow, [], why);
        var before = MachineLoad.Now();
        var measurements = new List<CostMeasurement>();
        foreach (var g in request.CostGroups)
            measurements.AddRange(progress.Run(true, $"cost: {g.Title}", g.Steps(options), sink => g.Measure(options, sink.Step)));
        return new ReportCostFigures(options, measurements, before, MachineLoad.Now(), DateTimeOffset.UtcNow, request.CostSkipped);
    }
}
