using MmapToolkit.Cli.Charts;
using MmapToolkit.Cli.Commands;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;
using ScottPlot;

namespace MmapToolkit.Cli.Html;

/// <summary>One of the report's simulator charts: where it sits in the page, what it shows, the commands that draw
/// the same chart on their own, its policies in legend order, and the drawing.</summary>
internal sealed record ReportChart(string Id, string Title, string Caption, IReadOnlyList<string> Commands,
                                   IReadOnlyList<string> Policies, Plot Plot);

/// <summary>
/// The simulator's charts in <c>report --html</c>: faults against frames (<see cref="FaultCurveChart"/>, as
/// <c>sim --policy a,b,c --frames A..B --chart</c> draws it) on the notes' reference string and on a seeded Zipf
/// trace from <see cref="TraceGenerator"/>. The same trace and options give the same chart as the commands in
/// <see cref="ReportChart.Commands"/>.
/// </summary>
internal static class ReportSimCharts
{
    /// <summary>The notes' reference string (Saltzer and Kaashoek, via the course notes; demos/replacement.scenario).</summary>
    public const string NotesString = "0 1 2 3 0 1 4 0 1 2 3 4";

    /// <summary>The generated trace: Zipf (exponent 1) over this many pages, this long, this seed.</summary>
    public const int ZipfPages = 1000, ZipfLength = 50_000;
    public const ulong ZipfSeed = 7;

    private static readonly string[] NotesPolicies = ["fifo", "lru", "opt", "clock"];
    private static readonly string[] ZipfPolicies = ["fifo", "lru", "clock", "arc", "opt"];
    private static readonly FrameRange NotesFrames = new(1, 7, 1), ZipfFrames = new(10, 300, 10);

    /// <summary>How many charts <see cref="Build"/> draws (the progress bar's total).</summary>
    public const int Count = 2;

    public static IReadOnlyList<ReportChart> Build(Action step)
    {
        var notes = DenseTrace.From(TraceParser.Parse(NotesString, "the notes' reference string"));
        var first = Chart("sim-notes", "the notes' reference string",
            $"FIFO, LRU, OPT and CLOCK on {NotesString} with 1 to 7 frames: FIFO and CLOCK fault more with 4 frames than " +
            "with 3 (Belady's anomaly, circled); LRU and OPT never do (stack algorithms).",
            [$"mmaptk sim --policy {string.Join(',', NotesPolicies)} --frames 1..7 --trace \"{NotesString}\" --chart notes.svg"],
            NotesPolicies, NotesFrames, notes);
        step();
        var builder = new DenseTraceBuilder(ZipfLength);
        TraceGenerator.Generate(new TraceGenerationOptions(TraceKind.Zipf, ZipfLength, ZipfPages, ZipfSeed), builder);
        var zipf = builder.Build();
        var second = Chart("sim-zipf", "a generated Zipf trace",
            $"{ZipfLength:N0} references drawn from {ZipfPages:N0} pages with Zipf's law (page k with probability ∝ 1/(k+1), " +
            $"seed {ZipfSeed}): five policies from 10 to 300 frames; LRU's one-pass curve (stack distances) dashed, on LRU's line.",
            [$"mmaptk trace gen --kind zipf --pages {ZipfPages} --length {ZipfLength} --seed {ZipfSeed} --out zipf.txt",
             $"mmaptk sim --policy {string.Join(',', ZipfPolicies)} --frames 10..300/10 --trace-file zipf.txt --chart zipf.svg"],
            ZipfPolicies, ZipfFrames, zipf);
        step();
        return [first, second];
    }

    /// <summary>Every policy at every frame count (in parallel: the runs are independent), then the chart as sim's
    /// sweep draws it: a line per policy with its anomalies, and LRU's curve from one pass.</summary>
    private static ReportChart Chart(string id, string title, string caption, IReadOnlyList<string> commands, string[] policies,
                                     FrameRange frames, DenseTrace trace)
    {
        int[] counts = [.. frames.Values()];
        var results = new SimulationResult[policies.Length, counts.Length];
        Parallel.For(0, policies.Length * counts.Length, i =>
            results[i / counts.Length, i % counts.Length] = TraceSimulator.Run(policies[i / counts.Length], counts[i % counts.Length], trace));
        var series = policies.Select((p, i) =>
        {
            var row = Enumerable.Range(0, counts.Length).Select(k => results[i, k]).ToList();
            return new FaultSeries(p, counts, [.. row.Select(r => r.Faults)], SimRunner.Anomalies(row));
        }).ToList();
        var lru = LruFaultCurve.Compute(trace);
        var onePass = new FaultSeries("lru", counts, [.. counts.Select(lru.Faults)], []);
        return new ReportChart(id, title, caption, commands, policies,
                               FaultCurveChart.Build(SimRunner.ChartTitle(trace.Length, trace.Distinct), series, onePass));
    }
}
