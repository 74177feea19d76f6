using MmapToolkit.Cli.Charts;
using MmapToolkit.Cli.Html;
using MmapToolkit.Demos;
using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// The options of <c>mmaptk demo</c>, checked: the scenarios to run, found and parsed (a bad file or an unknown name is
/// refused before anything runs), and how they run. <see cref="Run"/> is null for --list, which probes nothing.
/// </summary>
internal sealed record DemoRequest(IReadOnlyList<Scenario> Scenarios, DemoRun? Run, bool All, bool Json, bool Steps, HtmlFile? Html = null,
                                   ChartFile? Chart = null)
{
    public static DemoRequest From(string? name, bool list, bool all, bool json, bool steps, bool modelOnly, bool? modelZeroPage,
                                   string? htmlPath = null, string? chartPath = null)
    {
        if ((list || all) && (htmlPath ?? chartPath) is not null)
            throw new ArgumentException($"{(htmlPath is not null ? "--html" : "--chart")} draws one demo: name it instead of {(list ? "--list" : "--all")}");
        if (list) return new DemoRequest(DemoCatalog.LoadAll(), null, false, json, steps);
        var run = new DemoRun(modelOnly, modelZeroPage);
        if (all) return new DemoRequest(DemoCatalog.LoadAll(facts: run.Facts), run, true, json, steps);
        if (name is null) throw new ArgumentException("name a demo, or use --list or --all");
        var scenario = DemoCatalog.Find(name, facts: run.Facts);
        // The cliff is drawn from the demo's replays; only a demo that shows the working set is about it.
        if (chartPath is not null && scenario.WorkingSet is null)
            throw new ArgumentException($"--chart draws the thrashing cliff of a demo with a working-set view (demo thrashing); '{scenario.Name}' has none");
        var html = HtmlFile.Parse(htmlPath);
        var chart = ChartFile.Parse(chartPath);
        return new DemoRequest([scenario], run, false, json, steps, html, chart);
    }
}

/// <summary>How demos run: the real side or not, the facts (probed once), the model's zero-page choice.</summary>
internal sealed record DemoRun(bool ModelOnly, bool? ModelZeroPage)
{
    public KernelFacts Facts { get; } = DemoSession.FactsFor(ModelOnly);

    public DemoResult Run(Scenario scenario) => DemoSession.Run(scenario, ModelOnly, Facts, ModelZeroPage);
}

/// <summary>
/// What <c>mmaptk demo</c> does: lists the demos, or runs one or all on the model and the real kernel and prints the
/// comparison. Exit code 1 when any demo shows a difference its scenario does not explain.
/// </summary>
internal static class DemoRunner
{
    public static int Execute(DemoRequest request, CommandOutput output)
    {
        if (request.Run is not { } run) return List(request, output);
        if (!request.All)
        {
            var result = run.Run(request.Scenarios[0]);
            if (request.Json) output.WriteJson(DemoJson.Of(result, request.Steps));
            else DemoRendering.Write(result, request.Steps, output.Console);
            if (request.Html is { } html)
            {
                html.Write(DemoPage.Build(result));
                if (!request.Json) output.Out.WriteLine($"html: {html.Path} ({result.Events.Count} steps)");
            }
            if (request.Chart is { } chart) DrawCliff(request.Scenarios[0], run, chart, request.Json ? null : output);
            return result.Agree ? 0 : 1;
        }
        var progress = request.Json ? WorkProgress.None : output.Progress;
        var results = progress.Run(true, "demos", request.Scenarios.Count, sink => request.Scenarios.Select(d =>
        {
            sink.Describe($"demo {d.Name}");
            var r = run.Run(d);
            sink.Step();
            return r;
        }).ToList());
        if (request.Json)
        {
            output.WriteJson(results.Select(r => DemoJson.Of(r, steps: false)));
        }
        else
        {
            foreach (var r in results) DemoRendering.Write(r, showSteps: false, output.Console);
            DemoRendering.WriteSummary(results, output.Console);
        }
        return results.All(r => r.Agree) ? 0 : 1;
    }

    // The cliff measured anew (loops the demo itself does not run), on the real pager where the demo's real side ran.
    private static void DrawCliff(Scenario scenario, DemoRun run, ChartFile chart, CommandOutput? text)
    {
        var cliff = ThrashingCliff.For(scenario, DemoSession.RealKernelUnavailable(run.ModelOnly));
        chart.Save(ThrashingCliffChart.Build(cliff));
        if (text is null) return;
        var (equal, compared) = cliff.Agreement();
        string real = cliff.RealUnavailable is { } why ? $"model only ({why})" : $"real pager equals the model at {equal} of {compared} points";
        text.Out.WriteLine(chart.Describe());
        text.Console.IndentedLine(Markup.Escape($"the thrashing cliff: faults per reference of loops over 1..{2 * cliff.Frames} pages, " +
                                                $"{cliff.Passes} passes, {cliff.Frames} frames; {real}"));
    }

    private static int List(DemoRequest request, CommandOutput output)
    {
        if (request.Json)
        {
            output.WriteJson(request.Scenarios.Select(d => new { d.Name, d.Topic, Title = d.TopicTitle }));
            return 0;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("demo", "topic", "what it shows").TightWhen(output.Narrow);
        table.Columns[0].NoWrap();
        table.Columns[1].NoWrap();
        foreach (var d in request.Scenarios) table.AddRow(Markup.Escape(d.Name), d.Topic.ToString(), Markup.Escape(d.TopicTitle));
        output.Console.Write(table);
        return 0;
    }
}
