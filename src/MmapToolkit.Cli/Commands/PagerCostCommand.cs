using System.CommandLine;
using MmapToolkit.Pager;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk pager cost</c>: one user-level fault next to the kernel's demand-zero fault, in one run.</summary>
internal static class PagerCostCommand
{
    public static Command Create()
    {
        var pages = new Option<long>("--pages") { Description = "Fresh pages touched per repetition.", DefaultValueFactory = _ => 10_000 };
        var reps = new Option<int>("--repetitions") { Description = "Repetitions (median and spread over them).", DefaultValueFactory = _ => 9 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("cost", "Measure one user-level page fault next to the kernel's own demand-zero fault (timing loops in C).")
        {
            pages, reps, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            long n = parse.GetValue(pages);
            int r = parse.GetValue(reps);
            if (n < 16 || n > 30_000) throw new ArgumentException($"--pages must be between 16 and 30000 (got {n}): the pager maps one frame per page");
            if (r < 1) throw new ArgumentException($"--repetitions must be at least 1 (got {r})");
            var figures = PagerCost.Measure(n, r);
            double kernel = figures[0].Median, floor = figures[1].Median;
            var rows = figures.Select(f => new
            {
                f.Name, f.Description, MedianNs = Math.Round(f.Median, 1), MinNs = Math.Round(f.Min, 1), MaxNs = Math.Round(f.Max, 1),
                RelativeSpread = Math.Round(f.RelativeSpread, 3),
                VsKernel = Math.Round(f.Median / kernel, 2), VsSigsegvRoundTrip = Math.Round(f.Median / floor, 2),
            }).ToArray();
            if (parse.GetValue(json))
            {
                CommandRunner.WriteJson(new { Pages = n, Repetitions = r, PageSize = Environment.SystemPageSize, Figures = rows });
                return 0;
            }
            AnsiConsole.MarkupLine($"one fault, {n} fresh pages x {r} repetitions, page size {Environment.SystemPageSize} B (ns per fault; ± = half the interquartile range; ×bare = against the bare SIGSEGV+mprotect round trip)");
            var table = new Table().AddColumn(new TableColumn("fault").NoWrap()).AddColumn(new TableColumn("median").RightAligned()).AddColumn(new TableColumn("min..max").RightAligned())
                .AddColumn(new TableColumn("±").RightAligned()).AddColumn(new TableColumn("×kernel").RightAligned()).AddColumn(new TableColumn("×bare").RightAligned());
            foreach (var row in rows)
                table.AddRow(Markup.Escape(row.Name), $"{row.MedianNs:F0}", $"{row.MinNs:F0}..{row.MaxNs:F0}", $"{row.RelativeSpread:P0}", $"{row.VsKernel:F2}", $"{row.VsSigsegvRoundTrip:F2}");
            AnsiConsole.Write(table);
            foreach (var f in figures) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(f.Name)}: {Markup.Escape(f.Description)}[/]");
            return 0;
        }));
        return command;
    }
}
