using MmapToolkit.Demos.Running;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>Terminal output for demos: the story, the side-by-side table, the verdict, and the summary of a run of all.</summary>
internal static class DemoRendering
{
    public static void Write(DemoResult result, bool showSteps, IAnsiConsole console)
    {
        var s = result.Scenario;
        console.Write(new Rule($"[bold]{Markup.Escape(s.Name)}[/] · topic {s.Topic}: {Markup.Escape(s.TopicTitle)}").LeftJustified());
        foreach (string line in s.Story) console.MarkupLine($"  [grey]{Markup.Escape(line)}[/]");
        if (result.Conditions is { } conditions)
            console.MarkupLine($"  [grey]{Markup.Escape(conditions.Describe())}[/]");
        if (result.KernelSkipped is not null)
            console.MarkupLine($"  [yellow]real kernel not run: {Markup.Escape(result.KernelSkipped)}[/]");

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("line", "step", "counter", "model", "kernel", "verdict");
        int lastLine = -1;
        var prePaging = result.Events.Where(e => e.PrePaging is not null).ToDictionary(e => e.Line, e => e.PrePaging!);
        foreach (var c in result.Comparisons)
        {
            bool first = c.Line != lastLine;
            lastLine = c.Line;
            table.AddRow(
                first ? c.Line.ToString() : "",
                first ? Markup.Escape(c.Step) + (prePaging.TryGetValue(c.Line, out var pre) ? $"\n[yellow]pre-paging: {Markup.Escape(pre)}[/]" : "") : "",
                Markup.Escape(c.Counter),
                Cell(c.Model),
                Cell(c.Kernel),
                VerdictMarkup(c));
        }
        console.Write(table);

        if (showSteps) DemoStepsRendering.Write(result, console);

        foreach (var d in result.Differences.DistinctBy(d => (d.Counter, d.Reason)))
        {
            string colour = d.Verdict == Verdict.DifferExplained ? "yellow" : "red";
            console.MarkupLine($"  [{colour}]{Markup.Escape(d.Counter)} differs[/]: {Markup.Escape(d.Reason ?? "")}");
        }
        console.MarkupLine(result.Agree
            ? $"  [green]verdict: agree[/] ({result.Count(Verdict.Agree)} agree, {result.Count(Verdict.DifferExplained)} differ for a known reason, {result.Count(Verdict.NotCompared)} not compared)"
            : $"  [red]verdict: {result.Count(Verdict.DifferUnexplained)} unexplained difference(s)[/]");
        console.WriteLine();
    }

    public static void WriteSummary(IReadOnlyList<DemoResult> results, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("demo", "topic", "compared", "agree", "differ (explained)", "differ (unexplained)", "not compared");
        foreach (var r in results)
        {
            int unexplained = r.Count(Verdict.DifferUnexplained);
            table.AddRow(
                Markup.Escape(r.Name), r.Scenario.Topic.ToString(),
                (r.Count(Verdict.Agree) + r.Count(Verdict.DifferExplained) + unexplained).ToString(),
                r.Count(Verdict.Agree).ToString(), r.Count(Verdict.DifferExplained).ToString(),
                unexplained == 0 ? "0" : $"[red]{unexplained}[/]", r.Count(Verdict.NotCompared).ToString());
        }
        console.Write(table);
        int failed = results.Count(r => !r.Agree);
        console.MarkupLine(failed == 0
            ? $"[green]{results.Count} demos, all agree or differ for a known reason[/]"
            : $"[red]{failed} of {results.Count} demos have unexplained differences[/]");
    }

    private static string Cell(CounterValue v) => v.IsAvailable ? Markup.Escape(v.Value!) : "[grey]n/a[/]";

    private static string VerdictMarkup(CounterComparison c) => c.Verdict switch
    {
        Verdict.Agree => "[green]agree[/]",
        Verdict.DifferExplained => $"[yellow]differs: {Markup.Escape(Short(c.Reason))}[/]",
        Verdict.DifferUnexplained => $"[red]DIFFERS: {Markup.Escape(c.Reason ?? "")}[/]",
        Verdict.NotCompared => $"[grey]{Markup.Escape(Short(c.Reason))}[/]",
        _ => "[grey]info[/]",
    };

    // The reason key ("readahead") in the table; the full text once below it.
    private static string Short(string? reason) => reason is null ? "" : reason.Split(':')[0];
}
