using System.Globalization;
using MmapToolkit.Cli.Charts;
using MmapToolkit.Measurements;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk cost</c>, checked: the sizes (by <see cref="CostOptions.Validate(Func{string, string})"/>),
/// the groups to measure, and a directory the text file can be written to, evicted from and read back.</summary>
internal sealed record CostRequest(CostOptions Options, string? Only, IReadOnlyList<CostSuite.CostGroup> Groups, bool Json,
                                   bool Csv = false, ChartFile? Chart = null)
{
    /// <summary>Checks everything before anything is measured, so a refusal throws nothing away.</summary>
    public static CostRequest From(CostOptions options, string? only, bool json, bool csv = false, string? chart = null)
    {
        options.Validate(OptionNames.Of);
        if (json && csv) throw new ArgumentException("give only one of --json and --csv");
        var chartFile = ChartFile.Parse(chart);
        var groups = only is null ? CostSuite.Groups : [CostSuite.Find(only)];
        if (options.Directory is { } d && !Directory.Exists(d)) throw new ArgumentException($"--directory '{d}' does not exist");
        if (groups.Any(g => g.Name == TextOnDemandCost.Group)) TextOnDemandCost.CheckDirectory(options);
        return new CostRequest(options, only, groups, json, csv, chartFile);
    }

    /// <summary>"1000,10000": the fork sizes as the command line spells them.</summary>
    public static long[] ParseSizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.All(p => p.Length == 0)) throw new ArgumentException("--fork-sizes needs at least one size, e.g. 1000,10000,100000");
        return parts.Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v > 0
            ? v
            : throw new ArgumentException($"--fork-sizes: '{p}' is not a positive whole number of pages")).ToArray();
    }
}

/// <summary>What <c>mmaptk cost</c> does: measures each group (a progress bar per group on a terminal) and prints the
/// figures with their spread, or JSON.</summary>
internal static class CostRunner
{
    public static int Execute(CostRequest request, CommandOutput output)
    {
        var options = request.Options;
        var progress = request.Json || request.Csv ? WorkProgress.None : output.Progress;
        var measurements = new List<CostMeasurement>();
        foreach (var g in request.Groups)
            measurements.AddRange(progress.Run(true, g.Title, g.Steps(options), sink => g.Measure(options, sink.Step)));
        var panels = request.Chart is null ? [] : CostChart.Build(measurements);
        request.Chart?.Save(panels);
        if (request.Json) output.WriteJson(Json(options, request.Only, measurements));
        else if (request.Csv) Csv(measurements, output.Out);
        else
        {
            Render(options, measurements, output.Console);
            if (request.Chart is { } chart) output.Out.WriteLine(chart.Describe(panels.Count));
        }
        return 0;
    }

    /// <summary>The table's rows: the figures unrounded, fault counts as their least and greatest.</summary>
    private static void Csv(IReadOnlyList<CostMeasurement> ms, TextWriter output)
        => CsvOutput.Write(output, ["measurement", "group", "unit", "median", "min", "max", "spread_percent", "total_median_us",
                                    "minor_faults_min", "minor_faults_max", "major_faults_min", "major_faults_max", "samples"],
            ms.Select(m => (IReadOnlyList<object?>)[m.Name, m.Group, CostMeasurement.UnitText(m.Unit), m.Statistics.Median, m.Statistics.Min,
                m.Statistics.Max, m.Statistics.SpreadPercent, m.TotalMicroseconds.Median, m.MinorFaults?.Min(), m.MinorFaults?.Max(),
                m.MajorFaults?.Min(), m.MajorFaults?.Max(), m.Samples.Count]));

    private static object Json(CostOptions o, string? only, IReadOnlyList<CostMeasurement> ms) => new
    {
        PageSize = Environment.SystemPageSize,
        o.Pages,
        o.Touched,
        o.Repetitions,
        o.ForkSizes,
        Only = only,
        Measurements = ms.Select(m => new
        {
            m.Name,
            m.Group,
            Unit = CostMeasurement.UnitText(m.Unit),
            Median = Math.Round(m.Statistics.Median, 1),
            Min = Math.Round(m.Statistics.Min, 1),
            Max = Math.Round(m.Statistics.Max, 1),
            SpreadPercent = Math.Round(m.Statistics.SpreadPercent, 1),
            Samples = m.Samples.Count,
            Values = m.Values.Select(v => Math.Round(v, 1)).ToArray(),
            m.PagesPerSample,
            TotalMedianUs = Math.Round(m.TotalMicroseconds.Median, 1),
            m.MinorFaults,
            m.MajorFaults,
            m.Description,
        }).ToArray(),
        ForkNsPerHeapPage = ForkCost.NanosecondsPerHeapPage(ms) is { } slope ? Math.Round(slope, 2) : (double?)null,
        LoadAverage = MachineLoad.Now() is var load ? load.LoadAverage1 : 0,
        Cores = Environment.ProcessorCount,
    };

    private static void Render(CostOptions o, IReadOnlyList<CostMeasurement> ms, IAnsiConsole console)
    {
        console.MarkupLine($"n = {o.Pages} pages, k = {o.Touched}, {o.Repetitions} repetitions (after one warm-up), page size {Environment.SystemPageSize} B; " +
                               "± = half the interquartile range, as % of the median");
        // Narrow (an 80-column terminal or a pipe): no "total µs" column (the sentences below give the totals that
        // matter) and the tight shape, so every header and figure fits whole.
        bool narrow = console.IsNarrow();
        var table = new Table()
            .AddColumn(new TableColumn("measurement").NoWrap()).AddColumn(new TableColumn("unit").NoWrap())
            .AddColumn(new TableColumn("median").RightAligned().NoWrap()).AddColumn(new TableColumn("min..max").RightAligned().NoWrap())
            .AddColumn(new TableColumn("±").RightAligned().NoWrap());
        if (!narrow) table.AddColumn(new TableColumn("total µs").RightAligned());
        table.AddColumn(new TableColumn("minor").RightAligned()).AddColumn(new TableColumn("major").RightAligned());
        table.TightWhen(narrow);
        foreach (var m in ms)
        {
            var s = m.Statistics;
            var cells = new List<string> { Markup.Escape(m.Name), Markup.Escape(CostMeasurement.UnitText(m.Unit)), Figure(s.Median), $"{Figure(s.Min)}..{Figure(s.Max)}", $"{s.SpreadPercent:F0}%" };
            if (!narrow) cells.Add(Figure(m.TotalMicroseconds.Median));
            cells.Add(Faults(m.MinorFaults));
            cells.Add(Faults(m.MajorFaults));
            table.AddRow(cells.ToArray());
        }
        console.Write(table);

        var byName = ms.ToDictionary(m => m.Name);
        if (byName.TryGetValue("demand_zero_touch", out var touch) && byName.TryGetValue("memset_fresh", out var fresh) && byName.TryGetValue("memset_resident", out var resident))
            console.MarkupLine($"demand-zero: touching {o.Touched} of {o.Pages} pages takes {Ms(touch)} ms; memset of all {o.Pages} takes {Ms(fresh)} ms " +
                                   $"on a fresh mapping ({Ratio(fresh, touch)} the touch), {Ms(resident)} ms when already resident.");
        if (byName.TryGetValue("cow_fault", out var cow))
            console.MarkupLine($"copy-on-write: {cow.Statistics.Median:F0} ns per copied page in the child ({Ms(cow)} ms for {o.Touched} pages).");
        if (ForkCost.NanosecondsPerHeapPage(ms) is { } slope)
            console.MarkupLine($"fork: +{slope:F1} ns per touched heap page (medians, {o.ForkSizes.Min()} to {o.ForkSizes.Max()} pages; the smallest size includes the runtime's own memory).");
        if (byName.TryGetValue("text_touch_random", out var random) && byName.TryGetValue("text_read_all", out var all))
            console.MarkupLine($"text: mapping the file and touching {o.Touched} of {o.Pages} pages takes {Ms(random)} ms (MADV_RANDOM, {Faults(random.MajorFaults)} major faults); " +
                                   $"read() of all of it takes {Ms(all)} ms.");
        foreach (var m in ms) console.MarkupLine($"[grey]{Markup.Escape(m.Name)}: {Markup.Escape(m.Description)}[/]");
        var load = MachineLoad.Now();
        console.MarkupLine(load.Overloaded ? $"[yellow]{Markup.Escape(load.Describe())}[/]" : Markup.Escape(load.Describe()));
    }

    private static string Figure(double v) => v >= 100 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("F1", CultureInfo.InvariantCulture);

    private static string Ms(CostMeasurement m) => (m.TotalMicroseconds.Median / 1000).ToString("F2", CultureInfo.InvariantCulture);

    private static string Ratio(CostMeasurement a, CostMeasurement b) =>
        b.TotalMicroseconds.Median == 0 ? "n/a" : $"{(a.TotalMicroseconds.Median / b.TotalMicroseconds.Median).ToString("F1", CultureInfo.InvariantCulture)}×";

    private static string Faults(IReadOnlyList<long>? f) =>
        f is null ? "-" : f.Min() == f.Max() ? f[0].ToString(CultureInfo.InvariantCulture) : $"{f.Min()}..{f.Max()}";
}
