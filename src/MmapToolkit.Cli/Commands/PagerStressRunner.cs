using System.Globalization;
using MmapToolkit.Pager;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk pager stress</c>, checked: the duration here (seconds, the command line's unit),
/// the rest by <see cref="PagerStress.Validate(PagerStressOptions, Func{string, string})"/>.</summary>
internal sealed record PagerStressRequest(PagerStressOptions Options, bool Json, bool Csv = false)
{
    public const double MaxSeconds = 3600;

    public static PagerStressRequest From(long pages, int frames, int threads, double seconds, string policy, string? backend, bool json, bool csv = false)
    {
        if (json && csv) throw new ArgumentException("give only one of --json and --csv");
        if (!(seconds > 0 && seconds <= MaxSeconds)) throw new ArgumentException($"--seconds must be more than 0 and at most {MaxSeconds} (got {seconds})");
        var options = new PagerStressOptions
        {
            Pages = pages, Frames = frames, Threads = threads, Duration = TimeSpan.FromSeconds(seconds), Policy = PagerPolicyNames.Parse(policy),
            Backend = PagerBackendOption.Parse(backend),
        };
        PagerStress.Validate(options, name => name == nameof(PagerStressOptions.Duration) ? "--seconds" : OptionNames.Of(name));
        return new PagerStressRequest(options, json, csv);
    }
}

/// <summary>What <c>mmaptk pager stress</c> does: runs the threads (a bar of the time elapsed on a terminal), then prints
/// the counts and whether every page came back intact. Exit code 1 when one did not.</summary>
internal static class PagerStressRunner
{
    public static int Execute(PagerStressRequest request, CommandOutput output)
    {
        var options = request.Options;
        string what = $"{options.Threads} threads, {options.Pages} pages, {options.Frames} frames";
        var progress = request.Json || request.Csv ? WorkProgress.None : output.Progress;
        // The bar counts milliseconds of the run's duration; the description counts the operations.
        var result = progress.Run(true, what, (long)options.Duration.TotalMilliseconds, sink =>
        {
            var started = DateTime.UtcNow;   // for the display only
            return PagerStress.Run(options, ops =>
            {
                sink.Report((long)(DateTime.UtcNow - started).TotalMilliseconds);
                sink.Describe($"{what}: {ops:N0} operations");
            });
        });
        bool intact = result.LostPages == 0 && result.BadReads == 0;
        var c = result.Counts;
        if (request.Json)
        {
            output.WriteJson(new
            {
                Policy = options.Policy.Name(), Backend = result.Backend?.Backend.Name(), BackendReason = result.Backend?.Reason, options.Pages, options.Frames, options.Threads, result.Seconds,
                result.Operations, result.Reads, result.Writes, result.Peeks, BadReads = result.BadReads,
                Faults = c.PageFaults, FaultsPerSecond = Math.Round(c.PageFaults / result.Seconds), c.ZeroFills, c.SwapIns, c.ReferenceFaults, c.DirtyFaults, c.SpuriousFaults,
                c.Evictions, c.SwapOuts, c.CleanDrops, result.PagesVerified, LostPages = result.LostPages,
            });
            return intact ? 0 : 1;
        }
        if (request.Csv)
        {
            // The table's rows, each figure in a row of its own (the table pairs some: "faults (zero-fill / swap-in)").
            CsvOutput.Write(output.Out, ["counter", "count"], new (string, object)[]
            {
                ("operations", result.Operations), ("reads", result.Reads), ("writes", result.Writes), ("peeks", result.Peeks),
                ("page_faults", c.PageFaults), ("zero_fills", c.ZeroFills), ("swap_ins", c.SwapIns), ("faults_per_second", c.PageFaults / result.Seconds),
                ("reference_faults", c.ReferenceFaults), ("dirty_faults", c.DirtyFaults), ("spurious_faults", c.SpuriousFaults),
                ("evictions", c.Evictions), ("swap_outs", c.SwapOuts), ("clean_drops", c.CleanDrops), ("bad_reads", result.BadReads),
                ("pages_verified", result.PagesVerified), ("lost_pages", result.LostPages),
            }.Select(row => (IReadOnlyList<object?>)[row.Item1, row.Item2]));
            return intact ? 0 : 1;
        }
        var table = new Table().AddColumn("").AddColumn(new TableColumn("count").RightAligned());
        void Row(string name, object value) => table.AddRow(name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        Row("operations (reads / writes / peeks)", $"{result.Operations:N0} ({result.Reads:N0} / {result.Writes:N0} / {result.Peeks:N0})");
        Row("page faults (zero-fill / swap-in)", $"{c.PageFaults:N0} ({c.ZeroFills:N0} / {c.SwapIns:N0})");
        Row("page faults per second", $"{c.PageFaults / result.Seconds:N0}");
        Row("reference faults", $"{c.ReferenceFaults:N0}");
        Row("dirty faults", $"{c.DirtyFaults:N0}");
        Row("faults resolved by another thread first", $"{c.SpuriousFaults:N0}");
        Row("evictions (swap-outs / clean drops)", $"{c.Evictions:N0} ({c.SwapOuts:N0} / {c.CleanDrops:N0})");
        Row("bad reads during the run", result.BadReads);
        Row("pages verified / lost", $"{result.PagesVerified:N0} / {result.LostPages}");
        output.Console.MarkupLine($"backend {Markup.Escape(result.Backend?.Reason ?? "?")}");
        output.Console.Write(table);
        output.Console.MarkupLine(intact ? "[green]every page intact[/]" : "[red]data lost[/]");
        return intact ? 0 : 1;
    }
}
