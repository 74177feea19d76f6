using System.Globalization;
using System.Text.Json;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk sim</c>, parsed.</summary>
internal sealed record SimRequest(string Policy, string? Frames, string? Trace, string? TraceFile, bool Table, bool Mrc,
                                  bool Belady, bool Subset, ulong Seed, bool Json, string Format = "auto", long? PageSize = null,
                                  int? CsvColumn = null, bool AllRows = false)
{
    /// <summary>--sample R and --sample-pages S: SHARDS instead of the exact --mrc curve (SimRunner.Sampled.cs).</summary>
    public double? Sample { get; init; }
    public int? SamplePages { get; init; }

    /// <summary>How to read the trace: the format and what addresses, lackey and csv need (the page size defaults to the machine's).</summary>
    public TraceReadOptions ReadOptions => new(TraceFormats.Parse(Format), PageSize ?? Environment.SystemPageSize, CsvColumn);
}

/// <summary>What <c>mmaptk sim</c> does, writing to any TextWriter (so tests run it in-process).</summary>
internal static partial class SimRunner
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
        var policies = ParsePolicies(request.Policy);
        string policy = policies[0];
        int modes = (request.Belady ? 1 : 0) + (request.Subset ? 1 : 0) + (request.Mrc ? 1 : 0);
        if (modes > 1) throw new ArgumentException("give only one of --belady, --subset and --mrc");
        CheckSampleOptions(request);
        if (request.Table && modes > 0) throw new ArgumentException("--table goes with a plain run (--frames N), not with --belady, --subset or --mrc");
        var loaded = LoadTrace(request, required: !(request.Belady || request.Subset), progress, standardInput);
        // A file's format is said first (text output only), so a wrong guess is seen before the figures.
        if (loaded is not null && request.TraceFile is not null && !request.Json) output.WriteLine(loaded.Describe());
        var dense = loaded?.Trace;
        if (policies.Count > 1 && (request.Belady || request.Subset || request.Table || request.Mrc))
            throw new ArgumentException($"--policy {request.Policy}: --belady, --subset, --table and --mrc take one policy");
        if (request.Mrc && policy != "lru")
            throw new ArgumentException($"--mrc is LRU's curve from one pass (LRU has the stack property; {policy} may not): for {policy}, "
                                      + $"--policy {policy} --frames A..B simulates each frame count (in parallel)");
        if (request.Belady) return Belady(request, policy, dense, output, progress);
        if (request.Subset) return Subset(request, policy, dense, output, progress);
        if (dense!.Length == 0) throw new ArgumentException($"{loaded!.Source}: the trace has no references");
        if (request.Mrc) return Mrc(request, dense, console, output, progress);
        var frames = ParseFrames(request.Frames ?? throw new ArgumentException("--frames is required (a count N or a range A..B[/step])"));
        int low = frames.Low;
        if (frames.Count == 1 && policies.Count == 1)
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
        return Sweep(request, policies, frames, dense, console, output, progress);
    }

    private static int Mrc(SimRequest request, DenseTrace trace, IAnsiConsole console, TextWriter output, WorkProgress progress)
    {
        if (request.Sample is not null || request.SamplePages is not null) return SampledMrc(request, trace, console, output, progress);
        var curve = progress.Run(trace.Length >= ProgressReferences, "LRU stack distances", null, _ => LruFaultCurve.Compute(trace));
        var range = request.Frames is not null ? ParseFrames(request.Frames) : new FrameRange(1, Math.Max(1, curve.DistinctPages), 1);
        var points = range.Values().Select(k => new MrcPoint(k, curve.Faults(k))).ToList();
        if (request.Json)
        {
            WriteJson(output, new { Policy = "lru", curve.References, curve.DistinctPages, curve.ColdMisses, Curve = points });
            return 0;
        }
        output.WriteLine($"LRU faults for every frame count, from one pass: {curve.References} references, "
                        + $"{curve.DistinctPages} distinct pages, {curve.ColdMisses} cold misses");
        WriteCurve(points, curve.References, request.AllRows, console, output);
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
        if (request.Frames is not null && ParseFrames(request.Frames).Step != 1)
            throw new ArgumentException($"{mode} compares every frame count 1..N: give --frames N, not a step");
        if (maxFrames < 2) throw new ArgumentException($"{mode} needs at least 2 frames to compare (got --frames {request.Frames})");
        if (trace is null && maxFrames > SearchPages)
            throw new ArgumentException($"{mode} without a trace searches strings over {SearchPages} pages, where more than {SearchPages} frames "
                                      + $"never evict: --frames may be at most {SearchPages} (got {maxFrames}); give --trace or --trace-file to compare more");
        if (maxFrames > MaxFrameCounts)
            throw new ArgumentException($"{mode} compares 1..N frames: --frames may be at most {MaxFrameCounts} (got {maxFrames})");
        return maxFrames;
    }

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

    /// <summary>"N", "A..B" or "A..B/step" (1 ≤ A ≤ B, at most <see cref="MaxFrameCounts"/> counts).</summary>
    internal static FrameRange ParseFrames(string text)
    {
        string range = text;
        int step = 1;
        int slash = text.IndexOf('/');
        if (slash >= 0)
        {
            range = text[..slash];
            if (!int.TryParse(text[(slash + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                throw new ArgumentException($"--frames {text}: the step after '/' must be a whole number from 1 to {int.MaxValue}");
        }
        string[] parts = range.Split("..");
        if (parts.Length is 1 or 2 && parts.All(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1))
        {
            int low = int.Parse(parts[0].Trim(), CultureInfo.InvariantCulture);
            int high = int.Parse(parts[^1].Trim(), CultureInfo.InvariantCulture);
            if (low > high) throw new ArgumentException($"--frames {text}: the range is empty ({low} > {high})");
            if (parts.Length == 1 && slash >= 0) throw new ArgumentException($"--frames {text}: a step goes with a range A..B/step");
            var frames = new FrameRange(low, high, step);
            if (frames.Count > MaxFrameCounts) throw new ArgumentException($"--frames {text}: at most {MaxFrameCounts} frame counts at once");
            return frames;
        }
        throw new ArgumentException($"--frames expects a frame count N from 1 to {int.MaxValue}, a range A..B or A..B/step, got '{text}'");
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static void WriteJson<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, CommandRunner.Json));
}
