using MmapToolkit.Cli.Html;
using MmapToolkit.Demos;
using MmapToolkit.Demos.Scenarios;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk report</c>, checked: the page to write (required) and the demos, parsed.</summary>
internal sealed record ReportRequest(HtmlFile Html, IReadOnlyList<Scenario> Scenarios, DemoRun Run)
{
    public static ReportRequest From(string? html, bool modelOnly)
    {
        var file = HtmlFile.Parse(html) ?? throw new ArgumentException("report needs --html FILE.html: the page to write");
        var run = new DemoRun(modelOnly, ModelZeroPage: null);
        return new ReportRequest(file, DemoCatalog.LoadAll(facts: run.Facts), run);
    }
}

/// <summary>Runs every demo (a progress bar on a terminal), writes the page, and prints one line per demo and the file.
/// Exit code 1 when any demo shows a difference its scenario does not explain, as <c>demo --all</c>.</summary>
internal static class ReportRunner
{
    public static int Execute(ReportRequest request, CommandOutput output)
    {
        var results = output.Progress.Run(true, "demos", request.Scenarios.Count, sink => request.Scenarios.Select(d =>
        {
            sink.Describe($"demo {d.Name}");
            var r = request.Run.Run(d);
            sink.Step();
            return r;
        }).ToList());
        request.Html.Write(ReportPage.Build(results));
        foreach (var r in results) output.Out.WriteLine($"{r.Name}: {(r.Agree ? "agree" : "unexplained differences")}");
        output.Out.WriteLine($"html: {request.Html.Path} ({results.Count} demos)");
        return results.All(r => r.Agree) ? 0 : 1;
    }
}
