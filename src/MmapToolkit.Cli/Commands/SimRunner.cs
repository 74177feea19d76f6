using System.Globalization;
using System.Text.Json;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk sim</c>, parsed.</summary>
internal sealed record SimRequest(string Policy, string? Frames, string? Trace, string? TraceFile, bool Table, bool Mrc,
                                  bool Belady, bool Subset, ulong Seed, bool Json, string Format = "auto", long? PageSize = null,
                                  int? CsvColumn = null)
{
    /// <summary>How to read the trace: the format and what addresses, lackey and csv need (the page size defaults to the machine's).</summary>
    public TraceReadOptions ReadOptions => new(TraceFormats.Parse(Format), PageSize ?? Environment.SystemPageSize, CsvColumn);
}

/// <summary>What <c>mmaptk sim</c> does, writing to any TextWriter (so tests run it in-process).</summary>
internal static class SimRunner
{
    /// <summary>The largest --table printed: frames × references.</summary>
    internal const long MaxTableCells = 2_000_000;

    /// <summary>The most frame counts one command compares: a range A..B, or --belady / --subset up to N.</summary>
    internal const int MaxFrameCounts = 100_000;

    /// <summary>
    /// The most references one command simulates in all (frame counts × trace length, counting only frame counts below
    /// the trace's distinct pages: larger ones give the same result and are not simulated again). Seconds for FIFO, LRU
    /// and CLOCK; a few minutes for the slowest policy (MFU with many frames) on a loaded 2-core machine.
    /// </summary>
    internal const long MaxSimulatedReferences = 500_000_000;

    /// <summary>Without a trace, --belady and --subset search seeded strings of this many references over this many pages.</summary>
    internal const int SearchPages = 5, SearchLength = 20, BeladyTrials = 200, SubsetTrials = 2000;

    // Work worth a progress bar: about a second or more.
    private const long ProgressReferences = 20_000_000;

    /// <param name="standardInput">What --trace-file - reads (tests pass their own); null: the process's standard input.</param>
    public static int Execute(SimRequest request, TextWriter output, WorkProgress? progress = null, Stream? standardInput = null)
    {
        progress ??= WorkProgress.None;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;   // tables only; sentences go to the writer unwrapped
        string policy = PolicyFactory.Normalize(request.Policy);
        int modes = (request.Belady ? 1 : 0) + (request.Subset ? 1 : 0) + (request.Mrc ? 1 : 0);
        if (modes > 1) throw new ArgumentException("give only one of --belady, --subset and --mrc");
        if (request.Table && modes > 0) throw new ArgumentException("--table goes with a plain run (--frames N), not with --belady, --subset or --mrc");
        var loaded = LoadTrace(request, required: !(request.Belady || request.Subset), progress, standardInput);
        // A file's format is said first (text output only), so a wrong guess is seen before the figures.
        if (loaded is not null && request.TraceFile is not null && !request.Json) output.WriteLine(loaded.Describe());
        var dense = loaded?.Trace;
        if (request.Belady) return Belady(request, policy, dense, output, progress);
        if (request.Subset) return Subset(request, policy, dense, output, progress);
        if (dense!.Length == 0) throw new ArgumentException($"{loaded!.Source}: the trace has no references");
        if (request.Mrc) return Mrc(request, dense, console, output, progress);
        var (low, high) = ParseFrames(request.Frames ?? throw new ArgumentException("--frames is required (a count N or a range A..B)"));
        if (low == high)
        {
            if (request.Table && (long)low * dense.Length > MaxTableCells)
                throw new ArgumentException($"--table with {low} frames x {dense.Length} references is too large to print (limit {MaxTableCells} cells)");
            var r = progress.Run(dense.Length >= ProgressReferences, $"{policy}, {low} frames", null,
                                 _ => TraceSimulator.Run(policy, low, dense, request.Seed, request.Table));
            if (request.Json)
            {
                WriteJson(output, new
                {
                    r.Policy, r.Frames, r.References, r.Faults, r.Hits, r.Evictions, r.SwapOuts, r.SwapIns, r.ZeroFills,
                    Table = r.Table?.Lines(),
                });
                return 0;
            }
            if (r.Table is not null) foreach (var line in r.Table.Lines()) output.WriteLine(line);
            output.WriteLine($"{r.Policy}, {r.Frames} frames, {r.References} references: {r.Faults} faults, {r.Hits} hits "
                           + $"(fault rate {Percent(r.FaultRate)}); evictions {r.Evictions}, swap-outs {r.SwapOuts}, swap-ins {r.SwapIns}");
            return 0;
        }
        if (request.Table) throw new ArgumentException("--table needs a single frame count, not a range");
        long work = CheckWork($"--frames {request.Frames}", SimulatedFrameCounts(low, high, dense), dense);
        var results = progress.Run(work >= ProgressReferences, $"{policy}, frames {low}..{high}", high - low + 1,
                                   sink => RunRange(policy, low, high, dense, request.Seed, sink));
        if (request.Json)
        {
            WriteJson(output, new
            {
                Policy = policy,
                References = (long)dense.Length,
                Results = results.Select(r => new { r.Frames, r.References, r.Faults, r.Hits, r.Evictions, r.SwapOuts, r.SwapIns }).ToArray(),
            });
            return 0;
        }
        output.WriteLine($"{policy}, {dense.Length} references, {dense.Distinct} distinct pages");
        var t = new Table().AddColumn(new TableColumn("frames").RightAligned()).AddColumn(new TableColumn("faults").RightAligned())
                           .AddColumn(new TableColumn("hits").RightAligned()).AddColumn(new TableColumn("fault rate").RightAligned());
        bool anomaly = results.Skip(1).Select((r, i) => r.Faults > results[i].Faults).Any(x => x);
        if (anomaly) t.AddColumn("note");
        // Long ranges: only rows where the fault count changes (and the first and last); JSON lists every count.
        bool compact = results.Count > 64;
        int shown = 0;
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            if (compact && i > 0 && i < results.Count - 1 && r.Faults == results[i - 1].Faults && r.Faults == results[i + 1].Faults) continue;
            shown++;
            var cells = new List<string>
            {
                r.Frames.ToString(CultureInfo.InvariantCulture), r.Faults.ToString(CultureInfo.InvariantCulture),
                r.Hits.ToString(CultureInfo.InvariantCulture), Percent(r.FaultRate),
            };
            if (anomaly) cells.Add(i > 0 && r.Faults > results[i - 1].Faults ? "Belady's anomaly: more frames, more faults" : "");
            t.AddRow(cells.ToArray());
        }
        console.Write(t);
        if (shown < results.Count)
            output.WriteLine($"{results.Count - shown} rows with the same faults as both neighbours left out (--json lists every frame count)");
        return 0;
    }

    // Frame counts at or past the distinct pages all give the distinct-page result: simulate it once.
    private static List<SimulationResult> RunRange(string policy, int low, int high, DenseTrace dense, ulong seed, IProgress<long> progress)
    {
        var results = new List<SimulationResult>(high - low + 1);
        SimulationResult? everyPageFits = null;
        for (int i = 0; i <= high - low; i++)   // counting, not k++: high may be int.MaxValue
        {
            int k = low + i;
            if (k >= dense.Distinct)
            {
                everyPageFits ??= TraceSimulator.Run(policy, k, dense, seed);
                results.Add(everyPageFits with { Frames = k });
            }
            else
            {
                results.Add(TraceSimulator.Run(policy, k, dense, seed));
            }
            progress.Report(i + 1);
        }
        return results;
    }

    private static int Mrc(SimRequest request, DenseTrace trace, IAnsiConsole console, TextWriter output, WorkProgress progress)
    {
        var curve = progress.Run(trace.Length >= ProgressReferences, "LRU stack distances", null, _ => LruFaultCurve.Compute(trace));
        int low = 1, high = curve.DistinctPages;
        if (request.Frames is not null) (low, high) = ParseFrames(request.Frames);
        var points = Enumerable.Range(low, high - low + 1).Select(k => new { Frames = k, Faults = curve.Faults(k) }).ToList();
        if (request.Json)
        {
            WriteJson(output, new { Policy = "lru", curve.References, curve.DistinctPages, curve.ColdMisses, Curve = points });
            return 0;
        }
        output.WriteLine($"LRU faults for every frame count, from one pass: {curve.References} references, "
                        + $"{curve.DistinctPages} distinct pages, {curve.ColdMisses} cold misses");
        var t = new Table().AddColumn(new TableColumn("frames").RightAligned()).AddColumn(new TableColumn("faults").RightAligned())
                           .AddColumn(new TableColumn("fault rate").RightAligned());
        // Long curves: print where the count changes (the last row always).
        for (int i = 0; i < points.Count; i++)
            if (points.Count <= 64 || i == points.Count - 1 || points[i].Faults != points[i + 1].Faults)
                t.AddRow(points[i].Frames.ToString(CultureInfo.InvariantCulture), points[i].Faults.ToString(CultureInfo.InvariantCulture),
                         Percent((double)points[i].Faults / curve.References));
        console.Write(t);
        return 0;
    }

    private static int Belady(SimRequest request, string policy, DenseTrace? dense, TextWriter output, WorkProgress progress)
    {
        int maxFrames = ComparedFrames("--belady", request, dense, defaultFrames: 5);
        BeladyAnomaly? found;
        var trace = dense?.ToReferences();
        if (dense is not null)
        {
            int counts = BeladyAnomalyFinder.FrameCountsToCompare(maxFrames, dense);
            long work = CheckWork($"--belady --frames {maxFrames}", counts, dense);
            found = progress.Run(work >= ProgressReferences, $"{policy}: faults with 1..{counts} frames", counts,
                                 sink => BeladyAnomalyFinder.Check(policy, trace!, maxFrames, request.Seed, sink));
        }
        else
        {
            found = progress.Run(true, $"{policy}: searching for Belady's anomaly", BeladyTrials,
                                 sink => BeladyAnomalyFinder.Search(policy, SearchPages, SearchLength, maxFrames, BeladyTrials, request.Seed, progress: sink));
        }
        if (request.Json)
        {
            WriteJson(output, new
            {
                Policy = policy,
                Found = found is not null,
                Trace = found is null ? null : string.Join(' ', found.Trace),
                found?.Frames, found?.Faults, found?.MoreFrames, found?.MoreFaults,
            });
            return 0;
        }
        output.WriteLine(found is not null
            ? $"Belady's anomaly: {found}"
            : $"{policy}: no anomaly found with up to {maxFrames} frames{(trace is null ? $" in {BeladyTrials} seeded searches (not a proof)" : " on this trace")}");
        return 0;
    }

    private static int Subset(SimRequest request, string policy, DenseTrace? dense, TextWriter output, WorkProgress progress)
    {
        int maxFrames = ComparedFrames("--subset", request, dense, defaultFrames: 4);
        bool live = policy == "opt";
        SubsetViolation? v;
        var trace = dense?.ToReferences();
        if (dense is not null)
        {
            int pairs = TraceSimulator.UsableFrames(maxFrames, dense) - 1;
            long work = CheckWork($"--subset --frames {maxFrames}", 2L * pairs, dense);   // two memories per pair
            v = progress.Run(work >= ProgressReferences, $"{policy}: k and k+1 frames, k = 1..{pairs}", pairs,
                             sink => StackPropertyChecker.Check(policy, trace!, maxFrames, request.Seed, live, sink));
        }
        else
        {
            v = progress.Run(true, $"{policy}: searching for a counterexample", SubsetTrials,
                             sink => StackPropertyChecker.Search(policy, SearchPages, SearchLength, maxFrames, SubsetTrials, request.Seed, live, sink));
        }
        if (request.Json)
        {
            WriteJson(output, new
            {
                Policy = policy,
                KeepsSubsetProperty = v is null,
                Counterexample = v?.ToString(),
                Trace = v is null ? null : string.Join(' ', v.Trace),
                v?.SmallFrames, Step = v?.Step + 1, v?.MissingFromLarge,
            });
            return 0;
        }
        output.WriteLine(v is not null
            ? $"{policy} does NOT keep the subset property. Counterexample: {v}"
            : $"{policy}: the subset property held with up to {maxFrames} frames{(trace is null ? $" in {SubsetTrials} seeded random strings (not a proof)" : " on this trace")}"
              + (live ? " (OPT compared on pages that are referenced again; ties among never-again pages are arbitrary)" : ""));
        return 0;
    }

    /// <summary>The N of --frames for --belady and --subset (they compare 1..N frames), within the caps.</summary>
    private static int ComparedFrames(string mode, SimRequest request, DenseTrace? trace, int defaultFrames)
    {
        int maxFrames = request.Frames is null ? defaultFrames : ParseFrames(request.Frames).High;
        if (maxFrames < 2) throw new ArgumentException($"{mode} needs at least 2 frames to compare (got --frames {request.Frames})");
        if (trace is null && maxFrames > SearchPages)
            throw new ArgumentException($"{mode} without a trace searches strings over {SearchPages} pages, where more than {SearchPages} frames "
                                      + $"never evict: --frames may be at most {SearchPages} (got {maxFrames}); give --trace or --trace-file to compare more");
        if (maxFrames > MaxFrameCounts)
            throw new ArgumentException($"{mode} compares 1..N frames: --frames may be at most {MaxFrameCounts} (got {maxFrames})");
        return maxFrames;
    }

    /// <summary>Frame counts in low..high that need a simulation of their own (those below the distinct pages, plus one).</summary>
    private static long SimulatedFrameCounts(int low, int high, DenseTrace dense)
        => high < dense.Distinct ? high - low + 1 : Math.Max(0, (long)dense.Distinct - low) + 1;

    /// <summary>Refuses work past <see cref="MaxSimulatedReferences"/>, before any of it runs; returns the work.</summary>
    private static long CheckWork(string what, long runs, DenseTrace dense)
    {
        long work = runs * dense.Length;
        if (work > MaxSimulatedReferences)
            throw new ArgumentException($"{what} on {dense.Length:N0} references ({dense.Distinct:N0} distinct pages) means simulating "
                                      + $"{work:N0} references; the limit is {MaxSimulatedReferences:N0}: compare fewer frame counts or "
                                      + "use a shorter trace (for LRU, --mrc gives every frame count in one pass)");
        return work;
    }

    private static LoadedTrace? LoadTrace(SimRequest request, bool required, WorkProgress progress, Stream? standardInput)
    {
        if (request.Trace is not null && request.TraceFile is not null) throw new ArgumentException("give only one of --trace and --trace-file");
        var options = request.ReadOptions;
        if (request.Trace is not null) return TraceInput.FromText(request.Trace, options);
        if (request.TraceFile is { } path) return TraceInput.Load(path, options, progress, standardInput);
        if (required) throw new ArgumentException("give a reference string with --trace \"0 1 2 ...\" or --trace-file F (- for standard input)");
        return null;
    }

    /// <summary>"N" or "A..B" (1 ≤ A ≤ B, at most <see cref="MaxFrameCounts"/> counts).</summary>
    internal static (int Low, int High) ParseFrames(string text)
    {
        string[] parts = text.Split("..");
        if (parts.Length is 1 or 2 && parts.All(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1))
        {
            int low = int.Parse(parts[0].Trim(), CultureInfo.InvariantCulture);
            int high = int.Parse(parts[^1].Trim(), CultureInfo.InvariantCulture);
            if (low > high) throw new ArgumentException($"--frames {text}: the range is empty ({low} > {high})");
            if (high - low >= MaxFrameCounts) throw new ArgumentException($"--frames {text}: at most {MaxFrameCounts} frame counts at once");
            return (low, high);
        }
        throw new ArgumentException($"--frames expects a frame count N from 1 to {int.MaxValue} or a range A..B, got '{text}'");
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static void WriteJson<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, CommandRunner.Json));
}
