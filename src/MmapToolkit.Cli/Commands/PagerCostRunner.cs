using MmapToolkit.Cli.Charts;
using MmapToolkit.Measurements;
using MmapToolkit.Pager;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk pager cost</c>, checked by <see cref="PagerCost.Validate"/>.</summary>
internal sealed record PagerCostRequest(long Pages, int Repetitions, PagerBackend? Backend, bool Json, bool Csv = false, string? Chart = null)
{
    /// <summary>Where --chart writes, checked by <see cref="Validate"/>.</summary>
    public ChartFile? ChartFile { get; private init; }

    public PagerCostRequest Validate()
    {
        PagerCost.Validate(Pages, Repetitions);
        if (Json && Csv) throw new ArgumentException("give only one of --json and --csv");
        return this with { ChartFile = ChartFile.Parse(Chart) };
    }
}

/// <summary>What <c>mmaptk pager cost</c> does: measures every kind of fault (a bar per row on a terminal) and prints
/// each next to the kernel's own demand-zero fault.</summary>
internal static class PagerCostRunner
{
    public static int Execute(PagerCostRequest request, CommandOutput output)
    {
        long n = request.Pages;
        int r = request.Repetitions;
        int count = PagerCost.RowsFor(request.Backend);
        var figures = request.Json || request.Csv
            ? PagerCost.Measure(n, r, backend: request.Backend)
            : output.Progress.Run(true, $"measuring {count} kinds of fault, {n} pages x {r}", count,
                                  sink => PagerCost.Measure(n, r, rowDone: rows => sink.Report(rows), backend: request.Backend));
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
        request.ChartFile?.Save(PagerCostChart.Build(figures, n, r));
        if (request.Csv)
        {
            CsvOutput.Write(output.Out, ["fault", "median_ns", "min_ns", "max_ns", "relative_spread", "vs_kernel", "vs_bare", "samples", "unavailable"],
                figures.Select(f => (IReadOnlyList<object?>)(f.IsAvailable
                    ? [f.Name, f.Median, f.Min, f.Max, f.RelativeSpread, f.Median / kernel, f.Median / floor, f.Samples.Count, null]
                    : [f.Name, null, null, null, null, null, null, 0, f.Unavailable])));
            return 0;
        }
        if (request.Json)
        {
            var load = MachineLoad.Now();
            output.WriteJson(new { Pages = n, Repetitions = r, PageSize = Environment.SystemPageSize, Figures = rows,
                                   LoadAverage = load.LoadAverage1, load.Cores });
            return 0;
        }
        output.Console.MarkupLine($"one fault, {n} fresh pages x {r} repetitions, page size {Environment.SystemPageSize} B (ns per fault; ± = half the interquartile range; ×bare = against the bare SIGSEGV+mprotect round trip)");
        var table = new Table().AddColumn(new TableColumn("fault").NoWrap()).AddColumn(new TableColumn("median").RightAligned()).AddColumn(new TableColumn("min..max").RightAligned())
            .AddColumn(new TableColumn("±").RightAligned()).AddColumn(new TableColumn("×kernel").RightAligned()).AddColumn(new TableColumn("×bare").RightAligned())
            .TightWhen(output.Narrow);
        // Narrow, the tight shape leaves room for every figure whole ("12835638..12835638" is never cut in two).
        foreach (var column in table.Columns) column.NoWrap();
        foreach (var row in rows)
        {
            if (row.Unavailable is null)
                table.AddRow(Markup.Escape(row.Name), $"{row.MedianNs:F0}", $"{row.MinNs:F0}..{row.MaxNs:F0}", $"{row.RelativeSpread:P0}", $"{row.VsKernel:F2}", $"{row.VsSigsegvRoundTrip:F2}");
            else
                table.AddRow(Markup.Escape(row.Name), "[yellow]n/a[/]", "", "", "", "");
        }
        output.Console.Write(table);
        foreach (var f in figures)
            output.Console.MarkupLine(f.IsAvailable
                ? $"[grey]{Markup.Escape(f.Name)}: {Markup.Escape(f.Description)}[/]"
                : $"[yellow]{Markup.Escape(f.Name)}: not measured: {Markup.Escape(f.Unavailable!)}[/]");
        var machine = MachineLoad.Now();
        output.Console.MarkupLine(machine.Overloaded ? $"[yellow]{Markup.Escape(machine.Describe())}[/]" : Markup.Escape(machine.Describe()));
        if (request.ChartFile is { } chart) output.Out.WriteLine(chart.Describe());
        return 0;
    }
}
