using System.Globalization;
using MmapToolkit.Demos.Running;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// The working-set view under a demo's table (a scenario's <c>working-set DELTA WINDOW</c> header): for each replay,
/// window by window, W(t, Δ) at the window's end beside the faults on each side and the model's fault rate. A working
/// set larger than the frames is marked: that is where the fault rate climbs.
/// </summary>
internal static class DemoWorkingSetRendering
{
    public static void Write(DemoResult result, IAnsiConsole console)
    {
        var views = result.Events.Where(e => e.WorkingSet is not null).ToList();
        if (views.Count == 0) return;
        var first = views[0].WorkingSet!;
        console.IndentedLine($"[bold]working set[/] W(t, Δ = {first.Delta}): the distinct pages of the last {first.Delta} references, " +
                             $"at the end of each window of {first.Window} references; the faults in the window on each side, and the model's per reference");
        bool narrow = console.IsNarrow();
        foreach (var e in views)
        {
            var view = e.WorkingSet!;
            console.IndentedLine($"line {e.Line} {Markup.Escape(DemoText.Step(e.Step))}  [grey]({Markup.Escape(view.Policy)}, {view.Frames} frames)[/]");
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("references", "W(t, Δ)", "faults: model", "kernel", "fault rate").TightWhen(narrow);
            foreach (var column in table.Columns.Skip(1)) column.RightAligned();
            foreach (var w in view.Windows)
            {
                string ws = w.WorkingSet > view.Frames ? $"[yellow]{w.WorkingSet} > {view.Frames}[/]" : w.WorkingSet.ToString(CultureInfo.InvariantCulture);
                string kernel = w.KernelFaults is { } k
                    ? (k == w.ModelFaults ? k.ToString(CultureInfo.InvariantCulture) : $"[red]{k}[/]")
                    : "[grey]n/a[/]";
                table.AddRow($"{w.First}-{w.Last}", ws, w.ModelFaults.ToString(CultureInfo.InvariantCulture), kernel,
                             w.ModelFaultRate.ToString("0.00", CultureInfo.InvariantCulture));
            }
            console.Write(new Padder(table, new Padding(2, 0, 0, 0)));
            if (view.KernelUnavailable is { } why) console.IndentedLine($"[grey]kernel: n/a: {Markup.Escape(why)}[/]", 4);
        }
    }
}
