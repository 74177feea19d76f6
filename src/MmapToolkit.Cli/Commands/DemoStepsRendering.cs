using MmapToolkit.Demos.Running;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk demo NAME --steps</c>: step by step, the model's fault log and the kernel's recorded faults side by side,
/// one row per region page that faulted on either side, then each side's other events (forks, evictions, notes).
/// </summary>
internal static class DemoStepsRendering
{
    public static void Write(DemoResult result, IAnsiConsole console)
    {
        var notes = new HashSet<string>();
        foreach (var e in result.Events)
        {
            var modelFaults = e.ModelFaults?.Faults.Select(f => f.What).ToHashSet() ?? [];
            var otherModelEvents = e.Model.Where(m => !modelFaults.Contains(m)).ToList();
            if (e.ModelFaults is null && e.KernelFaults is null && otherModelEvents.Count == 0 && e.Kernel.Count == 0) continue;

            console.IndentedLine($"[bold]line {e.Line}[/] {Markup.Escape(DemoText.Step(e.Step))}" +
                               (e.PrePaging is { } pre ? $"  [yellow]pre-paging: {Markup.Escape(pre)}[/]" : ""));
            if (e.ModelFaults is not null || e.KernelFaults is not null) console.Write(FaultTable(e, result.KernelSkipped, console.IsNarrow()));
            foreach (string m in otherModelEvents) console.IndentedLine($"model:  {Markup.Escape(m)}", 4);
            foreach (string k in e.Kernel) console.IndentedLine($"kernel: {Markup.Escape(k)}", 4);
            if (e.KernelFaults?.Note is { } note) notes.Add(note);
        }
        foreach (string note in notes) console.IndentedLine($"[grey]kernel: {Markup.Escape(note)}[/]");
    }

    private static Table FaultTable(StepEvents e, string? kernelSkipped, bool narrow)
    {
        // Narrow: the page column is headed "page" alone (the step above names the region), leaving the two logs the width.
        string region = (e.ModelFaults ?? e.KernelFaults)!.Region;
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns(narrow ? "page" : $"page of {Markup.Escape(region)}", "model: fault log", "kernel: recorded faults").TightWhen(narrow);
        table.Columns[0].NoWrap();
        var model = e.ModelFaults?.Faults ?? [];
        var kernel = e.KernelFaults is { IsAvailable: true } k ? k.Faults : [];
        var pages = model.Select(f => f.Page).Concat(kernel.Select(f => f.Page)).Distinct().Order().ToList();
        foreach (int page in pages)
            table.AddRow(page.ToString(), Cell(model.Where(f => f.Page == page)), Cell(kernel.Where(f => f.Page == page)));
        string? kernelMissing = e.KernelFaults is null ? kernelSkipped ?? "not recorded" : e.KernelFaults.Unavailable;
        if (pages.Count == 0 || kernelMissing is not null)
            table.AddRow(pages.Count == 0 ? "none" : "",
                         pages.Count == 0 ? "[grey]no fault[/]" : "",
                         kernelMissing is null ? "[grey]no fault[/]" : $"[grey]n/a: {Markup.Escape(kernelMissing)}[/]");
        return table;
    }

    private static string Cell(IEnumerable<StepFault> faults)
    {
        var lines = faults.Select(f => Markup.Escape(f.What) + (f.PrePaged ? " [yellow](pre-paging)[/]" : "")).ToList();
        return lines.Count == 0 ? "[grey]—[/]" : string.Join('\n', lines);
    }
}
