using System.CommandLine;
using System.Globalization;
using MmapToolkit.Measurements;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk cost</c>: what the notes' mechanisms cost on this kernel, with median and spread (docs/costs.md).</summary>
internal static class CostCommand
{
    public static Command Create()
    {
        var defaults = new CostOptions();
        var pages = new Option<long>("--pages") { Description = "n: pages of each mapping and of the text file.", DefaultValueFactory = _ => defaults.Pages };
        var touched = new Option<long>("--touched") { Description = "k: pages touched (demand-zero, text) or written by the child (copy-on-write).", DefaultValueFactory = _ => defaults.Touched };
        var reps = new Option<int>("--repetitions") { Description = "Measured repetitions of every figure (after one warm-up).", DefaultValueFactory = _ => defaults.Repetitions };
        var forkSizes = new Option<string>("--fork-sizes") { Description = "Heap sizes in touched pages at which fork is timed, comma-separated.", DefaultValueFactory = _ => string.Join(',', defaults.ForkSizes) };
        var only = new Option<string?>("--only") { Description = $"Measure one group only: {string.Join(", ", CostSuite.Groups.Select(g => g.Name))}." };
        var directory = new Option<string?>("--directory") { Description = "Where the text file is written (disk-backed, not tmpfs); default: the temp directory." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("cost", "Measure demand-zero vs memset, the copy-on-write fault, fork as the heap grows, and text on demand vs read(): median, min..max, spread.")
        {
            pages, touched, reps, forkSizes, only, directory, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new CostOptions
            {
                Pages = parse.GetValue(pages),
                Touched = parse.GetValue(touched),
                Repetitions = parse.GetValue(reps),
                ForkSizes = ParseSizes(parse.GetValue(forkSizes) ?? ""),
                Directory = parse.GetValue(directory),
            };
            Validate(options);
            string? name = parse.GetValue(only);
            var groups = name is null ? CostSuite.Groups : [CostSuite.Find(name)];
            if (options.Directory is { } d && !Directory.Exists(d)) throw new ArgumentException($"--directory '{d}' does not exist");
            if (groups.Any(g => g.Name == TextOnDemandCost.Group)) TextOnDemandCost.CheckDirectory(options);   // fail before measuring

            var measurements = new List<CostMeasurement>();
            if (parse.GetValue(json))
            {
                foreach (var g in groups) measurements.AddRange(g.Measure(options, null));
                CommandRunner.WriteJson(Json(options, name, measurements));
                return 0;
            }
            AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var tasks = groups.Select(g => (Group: g, Task: ctx.AddTask(Markup.Escape(g.Title), autoStart: false, maxValue: g.Steps(options)))).ToArray();
                    foreach (var (g, task) in tasks)
                    {
                        task.StartTask();
                        measurements.AddRange(g.Measure(options, () => task.Increment(1)));
                        task.Value = task.MaxValue;
                        task.StopTask();
                    }
                });
            Render(options, measurements);
            return 0;
        }));
        return command;
    }

    private static long[] ParseSizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.All(p => p.Length == 0)) throw new ArgumentException("--fork-sizes needs at least one size, e.g. 1000,10000,100000");
        return parts.Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v > 0
            ? v
            : throw new ArgumentException($"--fork-sizes: '{p}' is not a positive whole number of pages")).ToArray();
    }

    private static void Validate(CostOptions o)
    {
        if (o.Pages < 1 || o.Pages > CostOptions.MaxPages) throw new ArgumentException($"--pages must be between 1 and {CostOptions.MaxPages} (got {o.Pages})");
        if (o.Touched < 1) throw new ArgumentException($"--touched must be at least 1 (got {o.Touched})");
        if (o.Touched > o.Pages) throw new ArgumentException($"--touched ({o.Touched}) cannot exceed --pages ({o.Pages})");
        if (o.Repetitions < 1 || o.Repetitions > 1000) throw new ArgumentException($"--repetitions must be between 1 and 1000 (got {o.Repetitions})");
        foreach (long s in o.ForkSizes)
            if (s > CostOptions.MaxPages) throw new ArgumentException($"--fork-sizes: {s} is more than {CostOptions.MaxPages} pages");
        if (o.ForkSizes.Distinct().Count() != o.ForkSizes.Count) throw new ArgumentException("--fork-sizes: each size may appear once");
        o.Validate();
    }

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

    private static void Render(CostOptions o, IReadOnlyList<CostMeasurement> ms)
    {
        AnsiConsole.MarkupLine($"n = {o.Pages} pages, k = {o.Touched}, {o.Repetitions} repetitions (after one warm-up), page size {Environment.SystemPageSize} B; " +
                               "± = half the interquartile range, as % of the median");
        var table = new Table()
            .AddColumn(new TableColumn("measurement").NoWrap()).AddColumn("unit")
            .AddColumn(new TableColumn("median").RightAligned()).AddColumn(new TableColumn("min..max").RightAligned())
            .AddColumn(new TableColumn("±").RightAligned()).AddColumn(new TableColumn("total µs").RightAligned())
            .AddColumn(new TableColumn("minor").RightAligned()).AddColumn(new TableColumn("major").RightAligned());
        foreach (var m in ms)
        {
            var s = m.Statistics;
            table.AddRow(Markup.Escape(m.Name), Markup.Escape(CostMeasurement.UnitText(m.Unit)), Figure(s.Median), $"{Figure(s.Min)}..{Figure(s.Max)}",
                         $"{s.SpreadPercent:F0}%", Figure(m.TotalMicroseconds.Median), Faults(m.MinorFaults), Faults(m.MajorFaults));
        }
        AnsiConsole.Write(table);

        var byName = ms.ToDictionary(m => m.Name);
        if (byName.TryGetValue("demand_zero_touch", out var touch) && byName.TryGetValue("memset_fresh", out var fresh) && byName.TryGetValue("memset_resident", out var resident))
            AnsiConsole.MarkupLine($"demand-zero: touching {o.Touched} of {o.Pages} pages takes {Ms(touch)} ms; memset of all {o.Pages} takes {Ms(fresh)} ms " +
                                   $"on a fresh mapping ({Ratio(fresh, touch)} the touch), {Ms(resident)} ms when already resident.");
        if (byName.TryGetValue("cow_fault", out var cow))
            AnsiConsole.MarkupLine($"copy-on-write: {cow.Statistics.Median:F0} ns per copied page in the child ({Ms(cow)} ms for {o.Touched} pages).");
        if (ForkCost.NanosecondsPerHeapPage(ms) is { } slope)
            AnsiConsole.MarkupLine($"fork: +{slope:F1} ns per touched heap page (medians, {o.ForkSizes.Min()} to {o.ForkSizes.Max()} pages; the smallest size includes the runtime's own memory).");
        if (byName.TryGetValue("text_touch_random", out var random) && byName.TryGetValue("text_read_all", out var all))
            AnsiConsole.MarkupLine($"text: mapping the file and touching {o.Touched} of {o.Pages} pages takes {Ms(random)} ms (MADV_RANDOM, {Faults(random.MajorFaults)} major faults); " +
                                   $"read() of all of it takes {Ms(all)} ms.");
        foreach (var m in ms) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(m.Name)}: {Markup.Escape(m.Description)}[/]");
        var load = MachineLoad.Now();
        AnsiConsole.MarkupLine(load.Overloaded ? $"[yellow]{Markup.Escape(load.Describe())}[/]" : Markup.Escape(load.Describe()));
    }

    private static string Figure(double v) => v >= 100 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("F1", CultureInfo.InvariantCulture);

    private static string Ms(CostMeasurement m) => (m.TotalMicroseconds.Median / 1000).ToString("F2", CultureInfo.InvariantCulture);

    private static string Ratio(CostMeasurement a, CostMeasurement b) =>
        b.TotalMicroseconds.Median == 0 ? "n/a" : $"{(a.TotalMicroseconds.Median / b.TotalMicroseconds.Median).ToString("F1", CultureInfo.InvariantCulture)}×";

    private static string Faults(IReadOnlyList<long>? f) =>
        f is null ? "-" : f.Min() == f.Max() ? f[0].ToString(CultureInfo.InvariantCulture) : $"{f.Min()}..{f.Max()}";
}
