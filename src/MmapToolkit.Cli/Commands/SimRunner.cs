using System.Globalization;
using System.Text.Json;
using MmapToolkit.Model.Replacement;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>The options of <c>mmaptk sim</c>, parsed.</summary>
internal sealed record SimRequest(string Policy, string? Frames, string? Trace, string? TraceFile, bool Table, bool Mrc,
                                  bool Belady, bool Subset, ulong Seed, bool Json);

/// <summary>What <c>mmaptk sim</c> does, writing to any TextWriter (so tests run it in-process).</summary>
internal static class SimRunner
{
    private const long MaxTableCells = 2_000_000;

    public static int Execute(SimRequest request, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;   // tables only; sentences go to the writer unwrapped
        string policy = PolicyFactory.Normalize(request.Policy);
        var trace = LoadTrace(request, required: !(request.Belady || request.Subset));
        if (request.Belady) return Belady(request, policy, trace, output);
        if (request.Subset) return Subset(request, policy, trace, output);
        if (trace!.Count == 0) throw new ArgumentException("the trace has no references");
        if (request.Mrc) return Mrc(request, trace, console, output);
        var (low, high) = ParseFrames(request.Frames ?? throw new ArgumentException("--frames is required (a count N or a range A..B)"));
        var dense = DenseTrace.From(trace);
        if (low == high)
        {
            if (request.Table && (long)low * trace.Count > MaxTableCells)
                throw new ArgumentException($"--table with {low} frames x {trace.Count} references is too large to print (limit {MaxTableCells} cells)");
            var r = TraceSimulator.Run(policy, low, dense, request.Seed, request.Table);
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
        var results = Enumerable.Range(low, high - low + 1).Select(k => TraceSimulator.Run(policy, k, dense, request.Seed)).ToList();
        if (request.Json)
        {
            WriteJson(output, new
            {
                Policy = policy,
                References = (long)trace.Count,
                Results = results.Select(r => new { r.Frames, r.References, r.Faults, r.Hits, r.Evictions, r.SwapOuts, r.SwapIns }).ToArray(),
            });
            return 0;
        }
        output.WriteLine($"{policy}, {trace.Count} references, {dense.Distinct} distinct pages");
        var t = new Table().AddColumn(new TableColumn("frames").RightAligned()).AddColumn(new TableColumn("faults").RightAligned())
                           .AddColumn(new TableColumn("hits").RightAligned()).AddColumn(new TableColumn("fault rate").RightAligned());
        bool anomaly = results.Skip(1).Select((r, i) => r.Faults > results[i].Faults).Any(x => x);
        if (anomaly) t.AddColumn("note");
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var cells = new List<string>
            {
                r.Frames.ToString(CultureInfo.InvariantCulture), r.Faults.ToString(CultureInfo.InvariantCulture),
                r.Hits.ToString(CultureInfo.InvariantCulture), Percent(r.FaultRate),
            };
            if (anomaly) cells.Add(i > 0 && r.Faults > results[i - 1].Faults ? "Belady's anomaly: more frames, more faults" : "");
            t.AddRow(cells.ToArray());
        }
        console.Write(t);
        return 0;
    }

    private static int Mrc(SimRequest request, IReadOnlyList<PageReference> trace, IAnsiConsole console, TextWriter output)
    {
        var curve = LruFaultCurve.Compute(trace);
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

    private static int Belady(SimRequest request, string policy, IReadOnlyList<PageReference>? trace, TextWriter output)
    {
        int maxFrames = request.Frames is null ? 5 : ParseFrames(request.Frames).High;
        if (maxFrames < 2) throw new ArgumentException("--belady needs at least 2 frames to compare");
        var found = trace is not null
            ? BeladyAnomalyFinder.Check(policy, trace, maxFrames, request.Seed)
            : BeladyAnomalyFinder.Search(policy, pages: 5, length: 20, maxFrames, trials: 200, request.Seed);
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
            : $"{policy}: no anomaly found with up to {maxFrames} frames{(trace is null ? " in 200 seeded searches (not a proof)" : " on this trace")}");
        return 0;
    }

    private static int Subset(SimRequest request, string policy, IReadOnlyList<PageReference>? trace, TextWriter output)
    {
        int maxFrames = request.Frames is null ? 4 : ParseFrames(request.Frames).High;
        if (maxFrames < 2) throw new ArgumentException("--subset needs at least 2 frames to compare");
        bool live = policy == "opt";
        var v = trace is not null
            ? StackPropertyChecker.Check(policy, trace, maxFrames, request.Seed, live)
            : StackPropertyChecker.Search(policy, pages: 5, length: 20, maxFrames, trials: 2000, request.Seed, live);
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
            : $"{policy}: the subset property held with up to {maxFrames} frames{(trace is null ? " in 2000 seeded random strings (not a proof)" : " on this trace")}"
              + (live ? " (OPT compared on pages that are referenced again; ties among never-again pages are arbitrary)" : ""));
        return 0;
    }

    private static IReadOnlyList<PageReference>? LoadTrace(SimRequest request, bool required)
    {
        if (request.Trace is not null && request.TraceFile is not null) throw new ArgumentException("give only one of --trace and --trace-file");
        if (request.Trace is not null) return TraceParser.Parse(request.Trace, "--trace");
        if (request.TraceFile is not null) return TraceParser.ParseFile(request.TraceFile);
        if (required) throw new ArgumentException("give a reference string with --trace \"0 1 2 ...\" or --trace-file F");
        return null;
    }

    /// <summary>"N" or "A..B" (1 ≤ A ≤ B).</summary>
    internal static (int Low, int High) ParseFrames(string text)
    {
        string[] parts = text.Split("..");
        if (parts.Length is 1 or 2 && parts.All(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1))
        {
            int low = int.Parse(parts[0].Trim(), CultureInfo.InvariantCulture);
            int high = int.Parse(parts[^1].Trim(), CultureInfo.InvariantCulture);
            if (low > high) throw new ArgumentException($"--frames {text}: the range is empty ({low} > {high})");
            if (high - low >= 100_000) throw new ArgumentException($"--frames {text}: at most 100000 frame counts at once");
            return (low, high);
        }
        throw new ArgumentException($"--frames '{text}' is not a frame count N >= 1 or a range A..B");
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static void WriteJson<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, CommandRunner.Json));
}
