using System.CommandLine;
using MmapToolkit.Pager;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk pager stress</c>: several threads reading and writing checksummed pages through a few frames.</summary>
internal static class PagerStressCommand
{
    internal const double MaxSeconds = 3600;

    public static Command Create()
    {
        var pages = new Option<long>("--pages") { Description = $"Virtual pages (at most {PagerStressOptions.MaxPages}: every page is checked at the end).", DefaultValueFactory = _ => 4096 };
        var frames = new Option<int>("--frames") { Description = "Frames (fewer than pages, so pages are evicted and swapped).", DefaultValueFactory = _ => 256 };
        var threads = new Option<int>("--threads") { Description = "Threads reading and writing at once.", DefaultValueFactory = _ => 4 };
        var seconds = new Option<double>("--seconds") { Description = $"How long to run (at most {MaxSeconds}).", DefaultValueFactory = _ => 5 };
        var policy = new Option<string>("--policy") { Description = "fifo, clock, lru or random (opt needs a future a random run does not have).", DefaultValueFactory = _ => "clock" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("stress", "Random reads and writes of checksummed pages from several threads; every page verified at the end.")
        {
            pages, frames, threads, seconds, policy, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            double secs = parse.GetValue(seconds);
            if (!(secs > 0 && secs <= MaxSeconds)) throw new ArgumentException($"--seconds must be more than 0 and at most {MaxSeconds} (got {secs})");
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1 || threadCount > 256) throw new ArgumentException($"--threads must be between 1 and 256 (got {threadCount})");
            var options = new PagerStressOptions
            {
                Pages = parse.GetValue(pages), Frames = parse.GetValue(frames), Threads = threadCount,
                Duration = TimeSpan.FromSeconds(secs), Policy = PagerPolicyNames.Parse(parse.GetValue(policy)!),
            };
            if (options.Policy == PagerPolicy.Opt)
                throw new ArgumentException("--policy opt needs the future references, and a stress run's are random: use fifo, clock, lru or random");
            if (options.Pages < 1 || options.Pages > PagerStressOptions.MaxPages)
                throw new ArgumentException($"--pages must be between 1 and {PagerStressOptions.MaxPages} (got {options.Pages}): every page is checked at the end");
            if (options.Pages < threadCount)
                throw new ArgumentException($"--pages {options.Pages} is fewer than --threads {threadCount}: each thread needs at least one page of its own");
            if (options.Frames < 1) throw new ArgumentException($"--frames must be at least 1 (got {options.Frames})");
            if (options.Frames > options.Pages) throw new ArgumentException($"--frames {options.Frames} is more than --pages {options.Pages}");
            PagerStressResult result;
            if (parse.GetValue(json) || !PagerProgress.Shown)
            {
                result = PagerStress.Run(options);
            }
            else
            {
                result = null!;
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn()).Start(ctx =>
                {
                    var task = ctx.AddTask($"{threadCount} threads, {options.Pages} pages, {options.Frames} frames", maxValue: secs);
                    var started = DateTime.UtcNow;
                    result = PagerStress.Run(options, ops =>
                    {
                        task.Value = Math.Min(secs, (DateTime.UtcNow - started).TotalSeconds);
                        task.Description = $"{threadCount} threads, {options.Pages} pages, {options.Frames} frames: {ops:N0} operations";
                    });
                    task.Value = secs;
                });
            }
            var c = result.Counts;
            var report = new
            {
                Policy = options.Policy.Name(), options.Pages, options.Frames, options.Threads, result.Seconds,
                result.Operations, result.Reads, result.Writes, result.Peeks, BadReads = result.BadReads,
                Faults = c.PageFaults, c.ZeroFills, c.SwapIns, c.ReferenceFaults, c.DirtyFaults, c.SpuriousFaults,
                c.Evictions, c.SwapOuts, c.CleanDrops, result.PagesVerified, LostPages = result.LostPages,
            };
            if (parse.GetValue(json)) CommandRunner.WriteJson(report);
            else
            {
                var table = new Table().AddColumn("").AddColumn(new TableColumn("count").RightAligned());
                void Row(string name, object value) => table.AddRow(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                Row("operations (reads / writes / peeks)", $"{result.Operations:N0} ({result.Reads:N0} / {result.Writes:N0} / {result.Peeks:N0})");
                Row("page faults (zero-fill / swap-in)", $"{c.PageFaults:N0} ({c.ZeroFills:N0} / {c.SwapIns:N0})");
                Row("reference faults", $"{c.ReferenceFaults:N0}");
                Row("dirty faults", $"{c.DirtyFaults:N0}");
                Row("faults resolved by another thread first", $"{c.SpuriousFaults:N0}");
                Row("evictions (swap-outs / clean drops)", $"{c.Evictions:N0} ({c.SwapOuts:N0} / {c.CleanDrops:N0})");
                Row("bad reads during the run", result.BadReads);
                Row("pages verified / lost", $"{result.PagesVerified:N0} / {result.LostPages}");
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine(result.LostPages == 0 && result.BadReads == 0 ? "[green]every page intact[/]" : "[red]data lost[/]");
            }
            return result.LostPages == 0 && result.BadReads == 0 ? 0 : 1;
        }));
        return command;
    }
}
