using System.Globalization;
using System.Text.Json;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk sim</c>, parsed.</summary>
internal sealed record SimRequest(string Policy, string? Frames, string? Trace, string? TraceFile, bool Table, bool Mrc,
                                  bool Belady, bool Subset, ulong Seed, bool Json, string Format = "auto", long? PageSize = null,
                                  int? CsvColumn = null, bool AllRows = false, string? Chart = null, bool Csv = false,
                                  PolicyOptions? Parameters = null, IReadOnlyList<string>? ParametersGiven = null)
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

    /// <summary>Both steps at once: <see cref="Prepare"/>, then <see cref="Run"/> (tests; the command runs them as
    /// CommandRunner's two steps).</summary>
    /// <param name="standardInput">What --trace-file - reads (tests pass their own); null: the process's standard input.</param>
    public static int Execute(SimRequest request, TextWriter output, WorkProgress? progress = null, Stream? standardInput = null)
        => Run(Prepare(request, progress, standardInput), output, progress);

    /// <summary>The run step: simulates what <paramref name="plan"/> says and prints it. Input was checked by
    /// <see cref="Prepare"/>; anything thrown here is a failure of the work or a bug, not input.</summary>
    /// <param name="width">The columns sentences are wrapped at (the command gives its output's width; 80 is a pipe's).</param>
    public static int Run(SimPlan plan, TextWriter writer, WorkProgress? progress = null, int width = 80)
    {
        progress ??= WorkProgress.None;
        var request = plan.Request;
        var output = new ProseWriter(writer, width);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;   // tables only (narrow ones, a column per policy); sentences are wrapped at the width
        // A file's format is said first (text output only), so a wrong guess is seen before the figures.
        bool text = !request.Json && !request.Csv;
        if (plan.ReadAs is { } readAs && request.TraceFile is not null && text) output.Line(readAs);
        int code = plan.Mode switch
        {
            SimMode.Belady => Belady(plan, output, progress),
            SimMode.Subset => Subset(plan, output, progress),
            SimMode.Mrc => Mrc(plan, console, output, progress),
            SimMode.Single => Single(plan, output, progress),
            SimMode.Variable => RunVariable(plan, output, progress),
            _ => Sweep(plan, console, output, progress),
        };
        if (plan.Chart is { } chart && text) output.Line(chart.Describe());
        return code;
    }

    private static int Single(SimPlan plan, ProseWriter output, WorkProgress progress)
    {
        var (request, policy, low, dense) = (plan.Request, plan.Policy, plan.Frames!.Low, plan.Trace!);
        var r = progress.Run(dense.Length >= ProgressReferences, $"{policy}, {low} frames", null,
                             _ => TraceSimulator.Run(policy, low, dense, plan.Parameters, request.Seed, request.Table));
        if (request.Csv)
        {
            WriteCsv(output.Writer, r);
            return 0;
        }
        if (request.Json)
        {
            WriteJson(output, new
            {
                r.Policy, r.Frames, r.References, r.Faults, r.Hits, r.Evictions, r.SwapOuts, r.SwapIns, r.ZeroFills,
                Table = r.Table?.Lines(),
            });
            return 0;
        }
        if (r.Table is not null) foreach (var line in r.Table.Lines()) output.Writer.WriteLine(line);
        output.Line($"{r.Policy}, {r.Frames} frames, {r.References} references: {r.Faults} faults, {r.Hits} hits "
                       + $"(fault rate {Percent(r.FaultRate)}); evictions {r.Evictions}, swap-outs {r.SwapOuts}, swap-ins {r.SwapIns}");
        return 0;
    }

    private static int Mrc(SimPlan plan, IAnsiConsole console, ProseWriter output, WorkProgress progress)
    {
        var (request, trace) = (plan.Request, plan.Trace!);
        if (request.Sample is not null || request.SamplePages is not null) return SampledMrc(request, trace, console, output, progress);
        var curve = plan.Curve?.Curve
                    ?? progress.Run(trace.Length >= ProgressReferences, "LRU stack distances", null, _ => LruFaultCurve.Compute(trace));
        var range = plan.Frames ?? new FrameRange(1, Math.Max(1, curve.DistinctPages), 1);
        var points = new List<MrcPoint>();
        // Filled through a span: List.Add over a struct is not precompiled, and a curve may have a million points.
        System.Runtime.InteropServices.CollectionsMarshal.SetCount(points, range.Count);
        var fill = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(points);
        for (int i = 0; i < fill.Length; i++)
        {
            int k = (int)(range.Low + (long)i * range.Step);
            fill[i] = new MrcPoint(k, curve.Faults(k));
        }
        if (plan.Chart is { } chart) SaveMrcChart(chart, points, curve);
        if (request.Csv)
        {
            WriteCsv(output.Writer, points, curve.References);
            return 0;
        }
        if (request.Json)
        {
            WriteJson(output, new { Policy = "lru", curve.References, curve.DistinctPages, curve.ColdMisses, Curve = points });
            return 0;
        }
        output.Line($"LRU faults for every frame count, from one pass: {curve.References} references, "
                        + $"{curve.DistinctPages} distinct pages, {curve.ColdMisses} cold misses");
        WriteCurve(points, curve.References, request.AllRows, console, output);
        return 0;
    }

    private static int Belady(SimPlan plan, ProseWriter output, WorkProgress progress)
    {
        var (request, policy, dense, maxFrames) = (plan.Request, plan.Policy, plan.Trace, plan.MaxFrames);
        BeladyAnomaly? found;
        var trace = dense?.ToReferences();
        if (dense is not null)
        {
            int counts = plan.Compared;
            found = progress.Run(plan.Work >= ProgressReferences, $"{policy}: faults with 1..{counts} frames", counts,
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
        output.Line(found is not null
            ? $"Belady's anomaly: {found}"
            : $"{policy}: no anomaly found with up to {maxFrames} frames{(trace is null ? $" in {BeladyTrials} seeded searches (not a proof)" : " on this trace")}");
        return 0;
    }

    private static int Subset(SimPlan plan, ProseWriter output, WorkProgress progress)
    {
        var (request, policy, dense, maxFrames) = (plan.Request, plan.Policy, plan.Trace, plan.MaxFrames);
        bool live = policy == "opt";
        SubsetViolation? v;
        var trace = dense?.ToReferences();
        if (dense is not null)
        {
            int pairs = plan.Compared;
            v = progress.Run(plan.Work >= ProgressReferences, $"{policy}: k and k+1 frames, k = 1..{pairs}", pairs,
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
        output.Line(v is not null
            ? $"{policy} does NOT keep the subset property. Counterexample: {v}"
            : $"{policy}: the subset property held with up to {maxFrames} frames{(trace is null ? $" in {SubsetTrials} seeded random strings (not a proof)" : " on this trace")}"
              + (live ? " (OPT compared on pages that are referenced again; ties among never-again pages are arbitrary)" : ""));
        return 0;
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static void WriteJson<T>(ProseWriter output, T value) => output.Writer.WriteLine(JsonSerializer.Serialize(value, CommandRunner.Json));
}
