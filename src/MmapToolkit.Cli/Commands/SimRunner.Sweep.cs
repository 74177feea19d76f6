using System.Globalization;
using MmapToolkit.Model.Replacement;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>Frame counts low, low+step, … up to high.</summary>
internal sealed record FrameRange(int Low, int High, int Step)
{
    public int Count => (int)(((long)High - Low) / Step + 1);

    public IEnumerable<int> Values()
    {
        for (int i = 0; i < Count; i++) yield return (int)(Low + (long)i * Step);
    }
}

/// <summary>One point of LRU's fault curve (a struct: a curve has a point per frame count, up to millions).</summary>
internal readonly record struct MrcPoint(int Frames, long Faults);

/// <summary>Several policies and frame counts at once (<c>--policy a,b,c|all --frames A..B[/step]</c>): every run is
/// independent, so they go to all cores; one table with a column per policy, one JSON document.</summary>
internal static partial class SimRunner
{
    /// <summary>What --policy all runs (clockN, clock0 and the variable-allocation policies are left to be named).</summary>
    internal static readonly string[] AllPolicies = ["fifo", "lru", "opt", "clock", "random", "lfu", "mfu", "sieve", "arc", "2q", "s3fifo", "lru2", "aging", "nru", "lirs", "clockpro"];

    // Rows of a long curve or range shown by default: this many spread over the range, plus the knees.
    private const int SummaryRows = 24, KneeRows = 6;

    internal static List<string> ParsePolicies(string text)
    {
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return [.. AllPolicies];
        var names = text.Split(',').Select(p => p.Trim()).ToArray();
        if (names.Any(n => n.Length == 0)) throw new ArgumentException($"--policy '{text}': an empty name in the list");
        return names.Select(PolicyFactory.Normalize).Distinct().ToList();
    }

    private static int Sweep(SimPlan plan, IAnsiConsole console, ProseWriter output, WorkProgress progress)
    {
        var (request, policies, frames, dense) = (plan.Request, plan.Policies, plan.Frames!, plan.Trace!);
        int[] counts = [.. frames.Values()];
        // Frame counts at or past the distinct pages all give the distinct-page result: simulate that once per policy.
        int[] simulated = SimulatedCounts(frames, dense);
        long work = plan.Work;
        var jobs = policies.SelectMany(p => simulated.Select(k => (Policy: p, Frames: k))).ToArray();
        var done = new Dictionary<(string, int), SimulationResult>();
        string label = policies.Count == 1 ? policies[0] : $"{policies.Count} policies";
        progress.Run(work >= ProgressReferences, $"{label}, frames {request.Frames} on {Environment.ProcessorCount} cores", jobs.Length, sink =>
        {
            var results = new SimulationResult[jobs.Length];
            int finished = 0;
            // Largest runs first (OPT, many frames), so no core is left with a long one at the end.
            var order = Enumerable.Range(0, jobs.Length).OrderByDescending(i => jobs[i].Policy == "opt").ThenByDescending(i => jobs[i].Frames).ToArray();
            Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                results[i] = TraceSimulator.Run(jobs[i].Policy, jobs[i].Frames, dense, plan.Parameters, request.Seed);
                sink.Report(Interlocked.Increment(ref finished));
            });
            for (int i = 0; i < jobs.Length; i++) done[(jobs[i].Policy, jobs[i].Frames)] = results[i];
            return 0;
        });
        SimulationResult At(string p, int k) => k < dense.Distinct ? done[(p, k)] : done[(p, Math.Max(1, dense.Distinct))] with { Frames = k };
        var table = policies.ToDictionary(p => p, p => counts.Select(k => At(p, k)).ToList());
        var anomalies = policies.ToDictionary(p => p, p => Anomalies(table[p]));
        if (plan.Chart is { } chart) SaveRangeChart(chart, counts, policies, table, anomalies, dense);
        if (request.Csv)
        {
            WriteCsv(output.Writer, counts, policies, table, anomalies);
            return 0;
        }
        if (policies.Count == 1) return SinglePolicyRange(request, policies[0], table[policies[0]], dense, console, output);
        if (request.Json)
        {
            WriteJson(output, new
            {
                References = (long)dense.Length,
                DistinctPages = dense.Distinct,
                Frames = counts,
                Policies = policies.Select(p => new
                {
                    Policy = p,
                    BeladyAnomalies = anomalies[p],
                    Results = table[p].Select(r => new { r.Frames, r.Faults, r.Hits, r.Evictions, r.SwapOuts, r.SwapIns }).ToArray(),
                }).ToArray(),
            });
            return 0;
        }
        output.Line($"faults per policy: {dense.Length} references, {dense.Distinct} distinct pages");
        var t = new Table().AddColumn(new TableColumn("frames").RightAligned());
        foreach (string p in policies) t.AddColumn(new TableColumn(p).RightAligned());
        var shown = RowsToShow(counts.Length, Knees(counts.Length, i => policies.Sum(p => table[p][i].Faults)), request.AllRows);
        foreach (int i in shown)
        {
            var cells = new List<string> { counts[i].ToString(CultureInfo.InvariantCulture) };
            // '!' marks Belady's anomaly: more faults than with the previous frame count.
            foreach (string p in policies)
                cells.Add(table[p][i].Faults.ToString(CultureInfo.InvariantCulture) + (anomalies[p].Contains(counts[i]) ? " !" : "  "));
            t.AddRow(cells.ToArray());
        }
        console.Write(t);
        if (shown.Count < counts.Length)
            output.Line($"{shown.Count} of {counts.Length} frame counts shown (spread over the range, with the largest drops); --all-rows or --json for every one");
        foreach (string p in policies)
            output.Line(anomalies[p].Count == 0
                ? $"{p}: no Belady's anomaly in this range"
                : $"{p}: Belady's anomaly ('!': more frames, more faults) at {string.Join(", ", anomalies[p].Take(10))}{(anomalies[p].Count > 10 ? $" and {anomalies[p].Count - 10} more" : "")} frames");
        return 0;
    }

    internal static List<int> Anomalies(List<SimulationResult> results)
        => Enumerable.Range(1, Math.Max(0, results.Count - 1)).Where(i => results[i].Faults > results[i - 1].Faults).Select(i => results[i].Frames).ToList();

    // The old single-policy table, unchanged: rows where the count changes for long ranges.
    private static int SinglePolicyRange(SimRequest request, string policy, List<SimulationResult> results, DenseTrace dense, IAnsiConsole console, ProseWriter output)
    {
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
        output.Line($"{policy}, {dense.Length} references, {dense.Distinct} distinct pages");
        var t = new Table().AddColumn(new TableColumn("frames").RightAligned()).AddColumn(new TableColumn("faults").RightAligned())
                           .AddColumn(new TableColumn("hits").RightAligned()).AddColumn(new TableColumn("fault rate").RightAligned());
        bool anomaly = results.Skip(1).Select((r, i) => r.Faults > results[i].Faults).Any(x => x);
        if (anomaly) t.AddColumn("note");
        // Long ranges: only rows where the fault count changes (and the first and last); JSON lists every count.
        bool compact = results.Count > 64 && !request.AllRows;
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
            output.Line($"{results.Count - shown} rows with the same faults as both neighbours left out (--json lists every frame count)");
        return 0;
    }

    /// <summary>LRU's curve as text: every row if short or asked for, else rows spread over the range and the knees
    /// (the frame counts where one more frame removes the most faults).</summary>
    private static void WriteCurve(List<MrcPoint> points, long references, bool allRows, IAnsiConsole console, ProseWriter output)
    {
        var t = new Table().AddColumn(new TableColumn("frames").RightAligned()).AddColumn(new TableColumn("faults").RightAligned())
                           .AddColumn(new TableColumn("fault rate").RightAligned()).AddColumn("");
        var knees = Knees(points.Count, i => points[i].Faults);
        var shown = RowsToShow(points.Count, knees, allRows);
        foreach (int i in shown)
            t.AddRow(points[i].Frames.ToString(CultureInfo.InvariantCulture), points[i].Faults.ToString(CultureInfo.InvariantCulture),
                     Percent((double)points[i].Faults / references), knees.Contains(i) ? "knee" : "");
        console.Write(t);
        if (shown.Count < points.Count)
            output.Line($"{shown.Count} of {points.Count} frame counts shown (spread over the range, and the knees: where one more frame "
                           + "removes the most faults); --all-rows or --json for every one");
    }

    /// <summary>Indices of the rows to print: all when few or asked; else about <see cref="SummaryRows"/> spread
    /// geometrically over the range (small counts matter most), the knees, the first and the last.</summary>
    /// <param name="knees">The <see cref="Knees"/> of the faults (summed over the policies).</param>
    private static List<int> RowsToShow(int count, HashSet<int> knees, bool all)
    {
        if (all || count <= 64) return [.. Enumerable.Range(0, count)];
        var rows = new SortedSet<int> { 0, count - 1 };
        for (int j = 0; j < SummaryRows; j++) rows.Add((int)Math.Round(Math.Pow(count - 1, (double)j / (SummaryRows - 1))));
        rows.UnionWith(knees);
        return [.. rows];
    }

    /// <summary>The <see cref="KneeRows"/> rows whose fault count drops most from the row before (ties: the earlier
    /// row), in one pass: a curve may have millions of rows.</summary>
    private static HashSet<int> Knees(int count, Func<int, long> faults)
    {
        var best = new List<(int Index, long Drop)>(KneeRows + 1);   // largest drop first
        long before = count > 0 ? faults(0) : 0;
        for (int i = 1; i < count; i++)
        {
            long now = faults(i), drop = before - now;
            before = now;
            if (drop <= 0 || (best.Count == KneeRows && drop <= best[^1].Drop)) continue;
            int at = best.Count;
            while (at > 0 && best[at - 1].Drop < drop) at--;   // after equal drops: the earlier row ranks first
            best.Insert(at, (i, drop));
            if (best.Count > KneeRows) best.RemoveAt(KneeRows);
        }
        return [.. best.Select(x => x.Index)];
    }
}
