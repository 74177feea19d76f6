using System.CommandLine;
using MmapToolkit.Measurements;
using MmapToolkit.Pager;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk pager cost</c>: one user-level fault next to the kernel's demand-zero fault, in one run.</summary>
internal static class PagerCostCommand
{
    public static Command Create()
    {
        var pages = new Option<long>("--pages") { Description = $"Fresh pages touched per repetition ({PagerCost.MinPages} to {PagerCost.MaxPages}).", DefaultValueFactory = _ => 10_000 };
        var reps = new Option<int>("--repetitions") { Description = $"Repetitions, median and spread over them (1 to {PagerCost.MaxRepetitions}; pages x repetitions at most {PagerCost.MaxFaultsPerRow:N0}).", DefaultValueFactory = _ => 9 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("cost", "Measure one user-level page fault next to the kernel's own demand-zero fault (timing loops in C).")
        {
            pages, reps, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            long n = parse.GetValue(pages);
            int r = parse.GetValue(reps);
            PagerCost.Validate(n, r);
            bool asJson = parse.GetValue(json);
            var figures = asJson
                ? PagerCost.Measure(n, r)
                : PagerProgress.Run($"measuring {PagerCost.Rows} kinds of fault, {n} pages x {r}", PagerCost.Rows,
                                    set => PagerCost.Measure(n, r, rowDone: rows => set(rows)));
            double kernel = figures[0].Median, floor = figures[1].Median;
            // An unavailable mechanism (userfaultfd forbidden here) keeps its row: null figures and the reason.
            var rows = figures.Select(f => new
            {
                f.Name, f.Description,
                MedianNs = f.IsAvailable ? Math.Round(f.Median, 1) : (double?)null,
                MinNs = f.IsAvailable ? Math.Round(f.Min, 1) : (double?)null,
                MaxNs = f.IsAvailable ? Math.Round(f.Max, 1) : (double?)null,
                RelativeSpread = f.IsAvailable ? Math.Round(f.RelativeSpread, 3) : (double?)null,
                VsKernel = f.IsAvailable ? Math.Round(f.Median / kernel, 2) : (double?)null,
                VsSigsegvRoundTrip = f.IsAvailable ? Math.Round(f.Median / floor, 2) : (double?)null,
                Samples = f.Samples.Count,
                f.Unavailable,
            }).ToArray();
            if (asJson)
            {
                var load = MachineLoad.Now();
                CommandRunner.WriteJson(new { Pages = n, Repetitions = r, PageSize = Environment.SystemPageSize, Figures = rows,
                                              LoadAverage = load.LoadAverage1, load.Cores });
                return 0;
            }
            AnsiConsole.MarkupLine($"one fault, {n} fresh pages x {r} repetitions, page size {Environment.SystemPageSize} B (ns per fault; ± = half the interquartile range; ×bare = against the bare SIGSEGV+mprotect round trip)");
            var table = new Table().AddColumn(new TableColumn("fault").NoWrap()).AddColumn(new TableColumn("median").RightAligned()).AddColumn(new TableColumn("min..max").RightAligned())
                .AddColumn(new TableColumn("±").RightAligned()).AddColumn(new TableColumn("×kernel").RightAligned()).AddColumn(new TableColumn("×bare").RightAligned());
            foreach (var row in rows)
            {
                if (row.Unavailable is null)
                    table.AddRow(Markup.Escape(row.Name), $"{row.MedianNs:F0}", $"{row.MinNs:F0}..{row.MaxNs:F0}", $"{row.RelativeSpread:P0}", $"{row.VsKernel:F2}", $"{row.VsSigsegvRoundTrip:F2}");
                else
                    table.AddRow(Markup.Escape(row.Name), "[yellow]n/a[/]", "", "", "", "");
            }
            AnsiConsole.Write(table);
            foreach (var f in figures)
                AnsiConsole.MarkupLine(f.IsAvailable
                    ? $"[grey]{Markup.Escape(f.Name)}: {Markup.Escape(f.Description)}[/]"
                    : $"[yellow]{Markup.Escape(f.Name)}: not measured: {Markup.Escape(f.Unavailable!)}[/]");
            var machine = MachineLoad.Now();
            AnsiConsole.MarkupLine(machine.Overloaded ? $"[yellow]{Markup.Escape(machine.Describe())}[/]" : Markup.Escape(machine.Describe()));
            return 0;
        }));
        return command;
    }
}
