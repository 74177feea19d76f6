using MmapToolkit.Demos.Running;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>Terminal output for demos: the story, the side-by-side table, the verdict, and the summary of a run of all.</summary>
internal static class DemoRendering
{
    public static void Write(DemoResult result, bool showSteps, IAnsiConsole console)
    {
        var s = result.Scenario;
        bool narrow = console.IsNarrow();
        string title = $"[bold]{Markup.Escape(s.Name)}[/] · topic {s.Topic}: {Markup.Escape(s.TopicTitle)}";
        // A rule cuts its title to one line: narrow, the rule names the demo and the title is a line of its own.
        if (narrow)
        {
            console.Write(new Rule($"[bold]{Markup.Escape(s.Name)}[/] · topic {s.Topic}").LeftJustified());
            console.IndentedLine($"[bold]{Markup.Escape(s.TopicTitle)}[/]");
        }
        else console.Write(new Rule(title).LeftJustified());
        foreach (string line in s.Story) console.IndentedLine($"[grey]{Markup.Escape(line)}[/]");
        if (result.Conditions is { } conditions)
            console.IndentedLine($"[grey]{Markup.Escape(conditions.Describe())}[/]");
        if (result.KernelSkipped is not null)
            console.IndentedLine($"[yellow]real kernel not run: {Markup.Escape(result.KernelSkipped)}[/]");

        // Narrow: the line number opens the step's cell and a verdict is its word alone (the reasons follow the table
        // in full), so counters and values keep their columns whole.
        var table = new Table().Border(TableBorder.Simple);
        if (!narrow) table.AddColumn("line");
        table.AddColumns("step", "counter", "model", "kernel", "verdict").TightWhen(narrow);
        table.Columns[^4].NoWrap();
        table.Columns[^1].NoWrap();
        int lastLine = -1;
        var prePaging = result.Events.Where(e => e.PrePaging is not null).ToDictionary(e => e.Line, e => e.PrePaging!);
        foreach (var c in result.Comparisons)
        {
            bool first = c.Line != lastLine;
            lastLine = c.Line;
            string step = first
                ? (narrow ? $"{c.Line} " : "") + Markup.Escape(DemoText.Step(c.Step))
                  + (prePaging.TryGetValue(c.Line, out var pre) ? $"\n[yellow]pre-paging: {Markup.Escape(pre)}[/]" : "")
                : "";
            var cells = new List<string>();
            if (!narrow) cells.Add(first ? c.Line.ToString() : "");
            cells.AddRange([step, Markup.Escape(c.Counter), Cell(c.Model), Cell(c.Kernel), VerdictMarkup(c, narrow)]);
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        DemoWorkingSetRendering.Write(result, console);

        if (showSteps) DemoStepsRendering.Write(result, console);

        foreach (var n in result.Comparisons.Where(c => c.Verdict == Verdict.NotCompared && NotComparedKey(c.Reason) is null)
                                            .DistinctBy(c => (c.Counter, c.Reason)))
            console.IndentedLine($"[grey]{Markup.Escape(n.Counter)} not compared[/]: {Markup.Escape(n.Reason ?? "")}");
        foreach (var d in result.Differences.DistinctBy(d => (d.Counter, d.Reason)))
        {
            string colour = d.Verdict == Verdict.DifferExplained ? "yellow" : "red";
            console.IndentedLine($"[{colour}]{Markup.Escape(d.Counter)} differs[/]: {Markup.Escape(d.Reason ?? "")}");
        }
        console.IndentedLine(result.Agree
            ? $"[green]verdict: agree[/] ({result.Count(Verdict.Agree)} agree, {result.Count(Verdict.DifferExplained)} differ for a known reason, {result.Count(Verdict.NotCompared)} not compared)"
            : $"[red]verdict: {result.Count(Verdict.DifferUnexplained)} unexplained difference(s)[/]");
        console.WriteLine();
    }

    public static void WriteSummary(IReadOnlyList<DemoResult> results, IAnsiConsole console)
    {
        // Narrow: the long headers take two lines so that every column, and each demo's name, stays whole.
        bool narrow = console.IsNarrow();
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("demo", "topic", "compared", "agree",
                        narrow ? "differ\nexplained" : "differ (explained)", narrow ? "differ\nunexplained" : "differ (unexplained)",
                        narrow ? "not\ncompared" : "not compared")
            .TightWhen(narrow);
        foreach (var column in table.Columns) column.NoWrap();
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

    private static string VerdictMarkup(CounterComparison c, bool narrow) => c.Verdict switch
    {
        Verdict.Agree => "[green]agree[/]",
        Verdict.DifferExplained => $"[yellow]differs: {Markup.Escape(Short(c.Reason))}[/]",
        Verdict.DifferUnexplained => narrow ? "[red]DIFFERS[/]" : $"[red]DIFFERS: {Markup.Escape(c.Reason ?? "")}[/]",
        Verdict.NotCompared => $"[grey]{Markup.Escape(NotComparedKey(c.Reason) ?? "not compared")}[/]",
        _ => "[grey]info[/]",
    };

    // The reason key ("readahead") in the table; the full text once below it.
    private static string Short(string? reason) => reason is null ? "" : reason.Split(':')[0];

    // A not-compared reason's key when it has a short one ("root needed: ..."); else null, and the table says "not
    // compared" with the whole sentence below it, so a long sentence never widens the verdict column.
    private static string? NotComparedKey(string? reason) =>
        reason is not null && reason.IndexOf(':') is > 0 and <= 24 ? Short(reason) : null;
}
